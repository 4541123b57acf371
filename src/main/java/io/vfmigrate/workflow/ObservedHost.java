package io.vfmigrate.workflow;

import io.vfmigrate.host.Command;
import io.vfmigrate.host.CommandResult;
import io.vfmigrate.host.Host;
import io.vfmigrate.host.HostClock;
import io.vfmigrate.host.Read;
import io.vfmigrate.host.ReadResult;
import io.vfmigrate.host.RunningCommand;
import io.vfmigrate.model.VfmigrateException;
import io.vfmigrate.workflow.event.Event;
import io.vfmigrate.workflow.event.EventSink;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A host that reports every command it runs and every file operation (as the command a remote host
 * runs for it: {@code cat}, {@code ls}, {@code readlink}, {@code test}, {@code mktemp}, {@code rm})
 * as an event, and every file it writes.
 */
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
    return observed(List.of("cat", "--", path), () -> delegate.readFile(path));
  }

  @Override
  public void writeFile(String path, String content) {
    delegate.writeFile(path, content);
    events.emit(new Event.FileWritten(name(), path, content));
  }

  @Override
  public List<String> listDirectory(String path) {
    return observed(List.of("ls", "-1A", "--", path), () -> delegate.listDirectory(path));
  }

  @Override
  public Optional<String> readLink(String path) {
    Instant start = clock().now();
    Optional<String> target = delegate.readLink(path);
    ran(List.of("readlink", "--", path), target.isPresent() ? 0 : 1, start);
    return target;
  }

  @Override
  public boolean exists(String path) {
    Instant start = clock().now();
    boolean found = delegate.exists(path);
    ran(List.of("test", "-e", path), found ? 0 : 1, start);
    return found;
  }

  @Override
  public String createTempFile(String prefix, String content) {
    String path =
        observed(
            List.of("mktemp", "/tmp/" + prefix + "XXXXXXXX"),
            () -> delegate.createTempFile(prefix, content));
    events.emit(new Event.FileWritten(name(), path, content));
    return path;
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
    observed(
        List.of("rm", "-f", "--", path),
        () -> {
          delegate.deleteFile(path);
          return null;
        });
  }

  /** One exec on the remote host; each read is reported as the command it stands for. */
  @Override
  public List<ReadResult> readAll(List<Read> reads) {
    Instant start = clock().now();
    List<ReadResult> results = delegate.readAll(reads);
    for (ReadResult r : results) {
      ran(argv(r.read()), r.error() != null ? 1 : exitCode(r), start);
    }
    return results;
  }

  private static int exitCode(ReadResult r) {
    if (r.value() instanceof CommandResult c) {
      return c.exitCode();
    }
    if (r.value() instanceof Boolean b) {
      return b ? 0 : 1;
    }
    return r.value() instanceof Optional<?> o && o.isEmpty() ? 1 : 0;
  }

  private static List<String> argv(Read read) {
    if (read instanceof Read.Run r) {
      return r.command().argv();
    } else if (read instanceof Read.File f) {
      return List.of("cat", "--", f.path());
    } else if (read instanceof Read.Link l) {
      return List.of("readlink", "--", l.path());
    } else if (read instanceof Read.Directory d) {
      return List.of("ls", "-1A", "--", d.path());
    }
    return List.of("test", "-e", ((Read.Exists) read).path());
  }

  private <T> T observed(List<String> argv, Supplier<T> operation) {
    Instant start = clock().now();
    try {
      T value = operation.get();
      ran(argv, 0, start);
      return value;
    } catch (VfmigrateException e) {
      ran(argv, 1, start);
      throw e;
    }
  }

  private void ran(List<String> argv, int exitCode, Instant start) {
    events.emit(
        new Event.CommandRan(name(), argv, exitCode, Duration.between(start, clock().now())));
  }

  @Override
  public HostClock clock() {
    return delegate.clock();
  }

  @Override
  public void connectAhead() {
    delegate.connectAhead();
  }
}
