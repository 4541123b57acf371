package io.vfmigrate.workflow.event;

/** Where workflows send their events. */
@FunctionalInterface
public interface EventSink {
  void emit(Event event);

  /** A sink that drops everything. */
  static EventSink none() {
    return event -> {};
  }
}
