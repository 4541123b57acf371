package io.vfmigrate.tools.mstflint;

import io.vfmigrate.host.CommandResult;
import io.vfmigrate.host.Host;
import io.vfmigrate.model.InvalidInputException;
import io.vfmigrate.model.PciAddress;
import io.vfmigrate.tools.ToolOutputException;
import io.vfmigrate.tools.ToolRunner;
import java.util.regex.Pattern;

/** mstconfig (mstflint's mlxconfig): the NIC's non-volatile configuration. */
public final class Mstconfig {
  private static final Pattern PARAM = Pattern.compile("[A-Z][A-Z0-9_]*");
  private static final String APPLIED = "Applying... Done!";
  private final ToolRunner runner;

  public Mstconfig(Host host) {
    this.runner = new ToolRunner(host, Mstflint.PACKAGE);
  }

  /**
   * {@code mstconfig -d PF -e query PARAM}: default, current and next-boot value. Errors ({@code
   * -E- ...} on stdout, exit 3) throw {@link MstconfigException}.
   */
  public MstconfigParam query(PciAddress pf, String param) {
    requireParam(param);
    CommandResult result =
        runner.runAllowingFailure("mstconfig", "-d", pf.toString(), "-e", "query", param);
    if (!result.succeeded() || result.stdout().contains("-E-")) {
      throw MstconfigException.of(runner.host().name(), result, pf, param);
    }
    return MstconfigQueryParser.find(result.stdout(), param)
        .orElseThrow(
            () -> new ToolOutputException("mstconfig query", "no row for " + param, result));
  }

  /**
   * {@code mstconfig -y -d PF set PARAM=VALUE}. It succeeded only when mstconfig printed {@code
   * Applying... Done!}; the new value takes effect after a reboot or firmware reset.
   */
  public void set(PciAddress pf, String param, int value) {
    requireParam(param);
    if (value < 0) {
      throw new InvalidInputException(
          "Invalid value " + value + " for " + param + ".", "use a value of 0 or more.");
    }
    CommandResult result =
        runner.runAllowingFailure(
            "mstconfig", "-y", "-d", pf.toString(), "set", param + "=" + value);
    if (!result.succeeded() || result.stdout().contains("-E-")) {
      throw MstconfigException.of(runner.host().name(), result, pf, param);
    }
    if (!result.stdout().contains(APPLIED)) {
      throw new ToolOutputException("mstconfig set", "no '" + APPLIED + "' line", result);
    }
  }

  private static void requireParam(String param) {
    if (param == null || !PARAM.matcher(param).matches()) {
      throw new InvalidInputException(
          "Invalid mstconfig parameter '" + param + "'.",
          "give a parameter name such as VF_MIGRATION_MODE.");
    }
  }
}
