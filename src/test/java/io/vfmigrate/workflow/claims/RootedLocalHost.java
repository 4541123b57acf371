package io.vfmigrate.workflow.claims;

import io.vfmigrate.host.Command;
import io.vfmigrate.host.CommandResult;
import io.vfmigrate.host.FileAccessException;
import io.vfmigrate.host.Host;
import io.vfmigrate.host.HostClock;
import io.vfmigrate.host.RunningCommand;
import io.vfmigrate.host.local.LocalHost;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The real {@link LocalHost} with every path moved under a test directory, so that claims under
 * {@code /run/vfmigrate} are real files created with O_EXCL, and tests can race on them.
 */
final class RootedLocalHost implements Host {
  private final LocalHost local;
  private final Path root;

  RootedLocalHost(String name, Path root) {
    this.local = new LocalHost(name);
    this.root = root;
  }

  private String at(String path) {
    return root + path;
  }

  @Override
  public String name() {
    return local.name();
  }

  @Override
  public CommandResult run(Command command) {
    throw new UnsupportedOperationException("claims run no commands");
  }

  @Override
  public RunningCommand start(Command command) {
    throw new UnsupportedOperationException("claims run no commands");
  }

  @Override
  public String readFile(String path) {
    try {
      return local.readFile(at(path));
    } catch (FileAccessException e) {
      throw new FileAccessException(name(), path, e.reason());
    }
  }

  @Override
  public void writeFile(String path, String content) {
    local.writeFile(at(path), content);
  }

  @Override
  public List<String> listDirectory(String path) {
    try {
      return local.listDirectory(at(path));
    } catch (FileAccessException e) {
      throw new FileAccessException(name(), path, e.reason());
    }
  }

  @Override
  public Optional<String> readLink(String path) {
    return local.readLink(at(path));
  }

  @Override
  public boolean exists(String path) {
    return local.exists(at(path));
  }

  @Override
  public String createTempFile(String prefix, String content) {
    return local.createTempFile(prefix, content);
  }

  @Override
  public boolean createExclusive(String path, String content) {
    return local.createExclusive(at(path), content);
  }

  @Override
  public void deleteFile(String path) {
    local.deleteFile(at(path));
  }

  @Override
  public HostClock clock() {
    return local.clock();
  }
}
