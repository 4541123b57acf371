package io.vfmigrate.workflow.migrate;

import io.vfmigrate.workflow.event.Event;
import io.vfmigrate.workflow.event.EventSink;
import io.vfmigrate.workflow.journal.DowntimeLimit;
import io.vfmigrate.workflow.journal.Sample;
import io.vfmigrate.workflow.steps.StepRunner;
import java.util.Optional;

/**
 * Passes events on, and keeps every progress sample and downtime limit of the migration in the
 * journal.
 */
final class SamplingEventSink implements EventSink {
  private final StepRunner runner;

  SamplingEventSink(StepRunner runner) {
    this.runner = runner;
  }

  @Override
  public void emit(Event event) {
    if (event instanceof Event.Progress p) {
      runner
          .journal()
          .sample(
              runner.operation(),
              new Sample(
                  runner.clock().instant(),
                  p.elapsed().toMillis(),
                  p.phase(),
                  p.bytesDone(),
                  p.bytesTotal(),
                  p.deviceStateBytes(),
                  p.bytesPerSecond(),
                  Optional.of(p.iteration())));
    } else if (event instanceof Event.DowntimeLimit d) {
      runner
          .journal()
          .downtimeLimit(
              runner.operation(),
              new DowntimeLimit(
                  runner.clock().instant(), d.elapsed().toMillis(), d.iteration(), d.limitMs()));
    }
    runner.events().emit(event);
  }
}
