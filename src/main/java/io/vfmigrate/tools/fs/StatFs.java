package io.vfmigrate.tools.fs;

import io.vfmigrate.host.CommandResult;
import io.vfmigrate.host.Host;
import io.vfmigrate.model.Names;
import io.vfmigrate.tools.ToolException;
import io.vfmigrate.tools.ToolOutputException;
import io.vfmigrate.tools.ToolRunner;
import java.util.Optional;

/**
 * {@code stat -f -c %t PATH} (GNU coreutils): the type of the filesystem holding a file, as the
 * hexadecimal magic number {@code statfs(2)} returns, which is what libvirt's {@code
 * virFileIsSharedFS} looks at.
 */
public final class StatFs {
  private final ToolRunner runner;

  public StatFs(Host host) {
    this.runner = new ToolRunner(host, "coreutils");
  }

  /** The filesystem of {@code path}; empty when the path does not exist on this host. */
  public Optional<FilesystemType> filesystemOf(String path) {
    CommandResult result = runner.runAllowingFailure("stat", "-f", "-c", "%t", Names.path(path));
    if (!result.succeeded()) {
      if (result.errorText().contains("No such file or directory")) {
        return Optional.empty();
      }
      throw ToolException.failed(runner.host().name(), result, "check the path " + path);
    }
    String hex = result.stdout().strip();
    try {
      return Optional.of(FilesystemType.of(Long.parseLong(hex, 16)));
    } catch (NumberFormatException e) {
      throw new ToolOutputException("stat -f -c %t", "not a hexadecimal type", result);
    }
  }
}
