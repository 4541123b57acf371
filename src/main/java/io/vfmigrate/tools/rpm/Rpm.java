package io.vfmigrate.tools.rpm;

import io.vfmigrate.host.CommandResult;
import io.vfmigrate.host.Host;
import io.vfmigrate.model.InvalidInputException;
import io.vfmigrate.tools.ToolException;
import io.vfmigrate.tools.ToolRunner;
import java.util.List;
import java.util.Optional;

/** The RPM database: which packages, at which versions, a host has. */
public final class Rpm {
  private final ToolRunner runner;

  public Rpm(Host host) {
    this.runner = new ToolRunner(host, "rpm");
  }

  /**
   * {@code rpm -q NAME}: the installed package, or empty when rpm says {@code package NAME is not
   * installed} (exit 1). With several versions installed (kernel), the first line rpm prints.
   */
  public Optional<InstalledPackage> query(String name) {
    requireName(name);
    CommandResult result = runner.runAllowingFailure("rpm", "-q", name);
    if (!result.succeeded()) {
      if (result.exitCode() == 1 && NevraParser.isNotInstalledLine(result.stdout())) {
        return Optional.empty();
      }
      throw ToolException.failed(
          runner.host().name(), result, "check that the RPM database is readable: rpm -qa");
    }
    return NevraParser.parse(result.stdout()).stream().findFirst();
  }

  /** {@code rpm -qa PATTERN} (a glob such as {@code openvswitch*}); no match is an empty list. */
  public List<InstalledPackage> queryAll(String pattern) {
    requireName(pattern);
    CommandResult result = runner.run("rpm", "-qa", pattern);
    return NevraParser.parse(result.stdout());
  }

  private static void requireName(String name) {
    if (name == null || name.isEmpty() || name.startsWith("-")) {
      throw new InvalidInputException(
          "Invalid package name '" + name + "'.", "give a package name such as mstflint.");
    }
  }
}
