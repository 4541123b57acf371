package io.vfmigrate.tools.dpkg;

import io.vfmigrate.host.CommandResult;
import io.vfmigrate.host.Host;
import io.vfmigrate.tools.ToolException;
import io.vfmigrate.tools.ToolRunner;
import java.util.List;
import java.util.Optional;

/** {@code dpkg-query}: installed packages on Debian and Ubuntu hosts. */
public final class Dpkg {
  static final String FORMAT = "${Package} ${Version} ${db:Status-Abbrev}\\n";

  private final ToolRunner runner;

  public Dpkg(Host host) {
    this.runner = new ToolRunner(host, "dpkg");
  }

  /** The package if it is installed; empty when dpkg knows no such package or it was removed. */
  public Optional<DebianPackage> query(String name) {
    CommandResult r = runner.runAllowingFailure("dpkg-query", "-W", "-f=" + FORMAT, name);
    if (r.exitCode() == 1 && r.stderr().contains("no packages found matching")) {
      return Optional.empty();
    }
    if (!r.succeeded()) {
      throw ToolException.failed(runner.host().name(), r, "check the package name");
    }
    List<DebianPackage> found = DpkgQueryParser.parse(r.stdout());
    return found.stream().filter(DebianPackage::installed).findFirst();
  }
}
