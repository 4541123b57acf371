package io.vfmigrate.tools.mstflint;

import io.vfmigrate.host.CommandResult;
import io.vfmigrate.model.FirmwareVersion;
import io.vfmigrate.model.PciAddress;
import io.vfmigrate.tools.ToolException;
import java.util.List;

/**
 * mstconfig refused: it writes its errors as {@code -E- ...} lines on stdout and exits 3
 * (mlxcfg_status.h MLX_CFG_ERROR), 2 when aborted. The message carries those lines; {@link
 * #reason()} tells the cases a workflow reacts to apart.
 */
public final class MstconfigException extends ToolException {
  private static final long serialVersionUID = 1L;

  /** What went wrong, as far as vfmigrate needs to know. */
  public enum Reason {
    /** {@code -E- Failed to open the device}: wrong address, no such device, or not root. */
    CANNOT_OPEN_DEVICE,
    /**
     * {@code -E- The Device doesn't support VF_MIGRATION_MODE parameter} or {@code -E- Unknown
     * Parameter VF_MIGRATION_MODE}: the firmware (or mstflint's parameter database) is too old.
     */
    PARAMETER_NOT_SUPPORTED,
    /** {@code Applying... Failed!} followed by the reason. */
    APPLY_FAILED,
    /** Any other {@code -E-} error. */
    OTHER
  }

  private final Reason reason;

  private MstconfigException(String message, String fix, CommandResult result, Reason reason) {
    super(message, fix, result);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }

  /** Classifies a failed mstconfig run on {@code host} for device {@code pf}. */
  static MstconfigException of(String host, CommandResult result, PciAddress pf, String param) {
    String errors = errorLines(result);
    Reason reason = classify(result, errors);
    String message =
        "'"
            + result.command().display()
            + "' failed on "
            + host
            + " (exit "
            + result.exitCode()
            + "): "
            + (errors.isEmpty() ? result.errorText() : errors);
    return new MstconfigException(message, fixFor(reason, pf, param), result, reason);
  }

  /** Only the {@code -E-} lines: the device block mstconfig prints before them is noise here. */
  static String errorLines(CommandResult result) {
    List<String> lines =
        (result.stdout() + "\n" + result.stderr())
            .lines()
            .map(String::strip)
            .filter(l -> l.startsWith("-E-"))
            .toList();
    return String.join(" ", lines);
  }

  private static Reason classify(CommandResult result, String errors) {
    if (errors.contains("Failed to open the device") || errors.contains("Cannot open")) {
      return Reason.CANNOT_OPEN_DEVICE;
    }
    if ((errors.contains("doesn't support") && errors.contains("parameter"))
        || errors.contains("Unknown Parameter")) {
      return Reason.PARAMETER_NOT_SUPPORTED;
    }
    if (result.stdout().contains("Applying... Failed!")) {
      return Reason.APPLY_FAILED;
    }
    return Reason.OTHER;
  }

  private static String fixFor(Reason reason, PciAddress pf, String param) {
    return switch (reason) {
      case CANNOT_OPEN_DEVICE ->
          "check the PF address "
              + pf
              + " with 'lshw -c network -businfo' (the ConnectX-7 PF), and run vfmigrate as root.";
      case PARAMETER_NOT_SUPPORTED ->
          "update the NIC firmware to "
              + FirmwareVersion.MINIMUM
              + " or later ("
              + FirmwareVersion.RECOMMENDED
              + " recommended) and mstflint to a version that knows "
              + param
              + " (dnf update -y mstflint); only ConnectX-7 supports VF migration.";
      case APPLY_FAILED ->
          "run 'mstconfig -d " + pf + " -e query " + param + "' and check the firmware log.";
      case OTHER -> "run 'mstconfig -d " + pf + " -e query' on the host to see the full output.";
    };
  }
}
