package io.vfmigrate.testing;

import io.vfmigrate.host.Command;
import io.vfmigrate.host.CommandResult;
import io.vfmigrate.host.Host;
import io.vfmigrate.host.HostClock;
import io.vfmigrate.host.Read;
import io.vfmigrate.host.ReadResult;
import io.vfmigrate.host.RunningCommand;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * A host that records every exec it would cost over SSH: each command, and each file operation
 * (over SSH every one is a {@code cat}, {@code tee}, {@code ls}, ... of its own). Shared lists let
 * a test count the execs of several hosts together.
 */
public final class CountingHost implements Host {
  private final Host delegate;
  private final List<String> execs;

  public CountingHost(Host delegate, List<String> execs) {
    this.delegate = delegate;
    this.execs = execs;
  }

  /** A list to share between the hosts of a fleet; safe for hosts used from several threads. */
  public static List<String> newLog() {
    return Collections.synchronizedList(new ArrayList<>());
  }

  private void record(String what) {
    execs.add(delegate.name() + ": " + what);
  }

  @Override
  public String name() {
    return delegate.name();
  }

  @Override
  public CommandResult run(Command command) {
    record(String.join(" ", command.argv()));
    return delegate.run(command);
  }

  @Override
  public RunningCommand start(Command command) {
    record(String.join(" ", command.argv()));
    return delegate.start(command);
  }

  @Override
  public String readFile(String path) {
    record("cat " + path);
    return delegate.readFile(path);
  }

  @Override
  public void writeFile(String path, String content) {
    record("tee " + path);
    delegate.writeFile(path, content);
  }

  @Override
  public List<String> listDirectory(String path) {
    record("ls " + path);
    return delegate.listDirectory(path);
  }

  @Override
  public Optional<String> readLink(String path) {
    record("readlink " + path);
    return delegate.readLink(path);
  }

  @Override
  public boolean exists(String path) {
    record("test -e " + path);
    return delegate.exists(path);
  }

  @Override
  public String createTempFile(String prefix, String content) {
    record("mktemp+tee " + prefix);
    return delegate.createTempFile(prefix, content);
  }

  @Override
  public boolean createExclusive(String path, String content) {
    record("create " + path);
    return delegate.createExclusive(path, content);
  }

  @Override
  public void deleteFile(String path) {
    record("rm " + path);
    delegate.deleteFile(path);
  }

  /** One exec for the whole batch, as over SSH. */
  @Override
  public List<ReadResult> readAll(List<Read> reads) {
    record("batch of " + reads.size() + ": " + reads);
    return delegate.readAll(reads);
  }

  @Override
  public HostClock clock() {
    return delegate.clock();
  }
}
