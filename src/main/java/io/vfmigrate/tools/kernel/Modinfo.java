package io.vfmigrate.tools.kernel;

import io.vfmigrate.host.CommandResult;
import io.vfmigrate.host.Host;
import io.vfmigrate.model.InvalidInputException;
import io.vfmigrate.tools.ToolException;
import io.vfmigrate.tools.ToolRunner;
import java.util.Optional;
import java.util.regex.Pattern;

/** {@code modinfo}: is a kernel module available for the running kernel, and what is it. */
public final class Modinfo {
  private static final Pattern MODULE = Pattern.compile("[A-Za-z0-9_-]+");
  private final ToolRunner runner;

  public Modinfo(Host host) {
    this.runner = new ToolRunner(host, "kmod");
  }

  /**
   * {@code modinfo MODULE}; empty when kmod answers {@code modinfo: ERROR: Module MODULE not
   * found.} (exit 1).
   */
  public Optional<ModuleInfo> find(String module) {
    if (module == null || !MODULE.matcher(module).matches() || module.startsWith("-")) {
      throw new InvalidInputException(
          "Invalid kernel module name '" + module + "'.",
          "give a module name such as mlx5_vfio_pci.");
    }
    CommandResult result = runner.runAllowingFailure("modinfo", module);
    if (!result.succeeded()) {
      if (result.errorText().contains("not found")) {
        return Optional.empty();
      }
      throw ToolException.failed(
          runner.host().name(), result, "check the modules of the running kernel: depmod -a");
    }
    return Optional.of(ModinfoParser.parse(result.stdout()));
  }
}
