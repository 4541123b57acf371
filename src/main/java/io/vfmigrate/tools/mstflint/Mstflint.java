package io.vfmigrate.tools.mstflint;

import io.vfmigrate.host.CommandResult;
import io.vfmigrate.host.Host;
import io.vfmigrate.model.PciAddress;
import io.vfmigrate.tools.ToolException;
import io.vfmigrate.tools.ToolRunner;

/** mstflint: the NIC's firmware version and PSID. */
public final class Mstflint {
  static final String PACKAGE = "mstflint";
  private final ToolRunner runner;

  public Mstflint(Host host) {
    this.runner = new ToolRunner(host, PACKAGE);
  }

  /**
   * {@code mstflint -d PF q}. A wrong address answers {@code -E- Cannot open Device: PF. No such
   * file or directory. MFE_CR_ERROR} (exit 1).
   */
  public FlintQuery query(PciAddress pf) {
    CommandResult result = runner.runAllowingFailure("mstflint", "-d", pf.toString(), "q");
    if (!result.succeeded()) {
      throw ToolException.failed(runner.host().name(), result, fixFor(result, pf));
    }
    return FlintQueryParser.parse(result.stdout());
  }

  private static String fixFor(CommandResult result, PciAddress pf) {
    if (result.errorText().contains("Cannot open Device")) {
      return "check the PF address "
          + pf
          + " with 'lshw -c network -businfo' (the ConnectX-7 PF, function 0 or 1), and run"
          + " vfmigrate as root.";
    }
    return "run 'mstflint -d " + pf + " q' on the host to see the full error.";
  }
}
