package io.vfmigrate.host;

import java.util.List;
import java.util.Optional;

/**
 * A host that passes every operation to another: the base of a decorator that changes a few of them
 * and must pass the rest on unchanged (a new {@link Host} method then reaches every decorator here,
 * instead of falling back to its default in some of them).
 */
public abstract class ForwardingHost implements Host {
  /** The host every operation not overridden goes to. */
  protected final Host delegate;

  protected ForwardingHost(Host delegate) {
    this.delegate = delegate;
  }

  @Override
  public String name() {
    return delegate.name();
  }

  @Override
  public CommandResult run(Command command) {
    return delegate.run(command);
  }

  @Override
  public RunningCommand start(Command command) {
    return delegate.start(command);
  }

  @Override
  public Optional<Conversation> converse(Command command) {
    return delegate.converse(command);
  }

  @Override
  public String readFile(String path) {
    return delegate.readFile(path);
  }

  @Override
  public void writeFile(String path, String content) {
    delegate.writeFile(path, content);
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
    return delegate.createExclusive(path, content);
  }

  @Override
  public void deleteFile(String path) {
    delegate.deleteFile(path);
  }

  @Override
  public List<ReadResult> readAll(List<Read> reads) {
    return delegate.readAll(reads);
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
