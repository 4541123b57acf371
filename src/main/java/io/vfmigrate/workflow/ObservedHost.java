package io.vfmigrate.workflow;

import io.vfmigrate.host.Command;
import io.vfmigrate.host.CommandResult;
import io.vfmigrate.host.Host;
import io.vfmigrate.host.HostClock;
import io.vfmigrate.host.RunningCommand;
import io.vfmigrate.workflow.event.Event;
import io.vfmigrate.workflow.event.EventSink;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** A host that reports every command it runs, and every file it writes, as an event. */
public final class ObservedHost implements Host {
  private final Host delegate;
  private final EventSink events;

  public ObservedHost(Host delegate, EventSink events) {
    this.delegate = delegate;
    this.events = events;
  }

  @Override
  public String name() {
    return delegate.name();
  }

  @Override
  public CommandResult run(Command command) {
    CommandResult result = delegate.run(command);
    events.emit(new Event.CommandRan(name(), command.argv(), result.exitCode(), result.duration()));
    return result;
  }

  @Override
  public RunningCommand start(Command command) {
    events.emit(new Event.CommandRan(name(), command.argv(), -1, Duration.ZERO));
    return delegate.start(command);
  }

  @Override
  public String readFile(String path) {
    return delegate.readFile(path);
  }

  @Override
  public void writeFile(String path, String content) {
    delegate.writeFile(path, content);
    events.emit(new Event.FileWritten(name(), path, content));
  }

  @Override
  public List<String> listDirectory(String path) {
    return delegate.listDirectory(path);
  }

  @Override
  public Optional<String> readLink(String path) {
    return delegate.readLink(path);
  }

  @Override
  public boolean exists(String path) {
    return delegate.exists(path);
  }

  @Override
  public String createTempFile(String prefix, String content) {
    return delegate.createTempFile(prefix, content);
  }

  @Override
  public boolean createExclusive(String path, String content) {
    boolean created = delegate.createExclusive(path, content);
    if (created) {
      events.emit(new Event.FileWritten(name(), path, content));
    }
    return created;
  }

  @Override
  public void deleteFile(String path) {
    delegate.deleteFile(path);
  }

  @Override
  public HostClock clock() {
    return delegate.clock();
  }
}
