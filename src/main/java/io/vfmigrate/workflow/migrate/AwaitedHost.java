package io.vfmigrate.workflow.migrate;

import io.vfmigrate.host.Command;
import io.vfmigrate.host.CommandResult;
import io.vfmigrate.host.ForwardingHost;
import io.vfmigrate.host.Read;
import io.vfmigrate.host.ReadResult;
import io.vfmigrate.host.RunningCommand;
import io.vfmigrate.workflow.SnapshotHost;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * A snapshot seen while its later batches are still being read ({@link GuardHeadStart}): what it
 * knows already is answered at once, and anything else waits until those reads have ended, so that
 * it is answered from them (or, when they did not read it, read on its own, as before). The guards
 * thus judge the first batch's facts while the host answers the rest, and ask for nothing twice.
 * Anything that writes waits too.
 */
final class AwaitedHost extends ForwardingHost {
  private final SnapshotHost snapshot;
  private final CompletableFuture<Void> underWay;

  AwaitedHost(SnapshotHost snapshot, CompletableFuture<Void> underWay) {
    super(snapshot);
    this.snapshot = snapshot;
    this.underWay = underWay;
  }

  private void awaitUnless(Read read) {
    if (snapshot.known(read).isEmpty()) {
      settle();
    }
  }

  private void settle() {
    try {
      underWay.join();
    } catch (RuntimeException e) {
      // Reads that failed are left unknown: the snapshot reads them again and reports them.
    }
  }

  @Override
  public CommandResult run(Command command) {
    if (command.stdin().isPresent()) {
      settle();
    } else {
      awaitUnless(new Read.Run(command));
    }
    return delegate.run(command);
  }

  @Override
  public RunningCommand start(Command command) {
    settle();
    return delegate.start(command);
  }

  @Override
  public String readFile(String path) {
    awaitUnless(new Read.File(path));
    return delegate.readFile(path);
  }

  @Override
  public void writeFile(String path, String content) {
    settle();
    delegate.writeFile(path, content);
  }

  @Override
  public List<String> listDirectory(String path) {
    awaitUnless(new Read.Directory(path));
    return delegate.listDirectory(path);
  }

  @Override
  public Optional<String> readLink(String path) {
    awaitUnless(new Read.Link(path));
    return delegate.readLink(path);
  }

  @Override
  public boolean exists(String path) {
    awaitUnless(new Read.Exists(path));
    return delegate.exists(path);
  }

  @Override
  public String createTempFile(String prefix, String content) {
    settle();
    return delegate.createTempFile(prefix, content);
  }

  @Override
  public boolean createExclusive(String path, String content) {
    settle();
    return delegate.createExclusive(path, content);
  }

  @Override
  public void deleteFile(String path) {
    settle();
    delegate.deleteFile(path);
  }

  @Override
  public List<ReadResult> readAll(List<Read> reads) {
    if (reads.stream().anyMatch(r -> snapshot.known(r).isEmpty())) {
      settle();
    }
    return delegate.readAll(reads);
  }
}
