package io.vfmigrate.tools.devlink;

import io.vfmigrate.host.CommandResult;
import io.vfmigrate.tools.ToolException;

/**
 * devlink failed. {@link #toolMessage()} keeps devlink's lines as printed ({@code Error: ...} and
 * {@code kernel answers: ...}); {@link #error()} has them apart.
 */
public final class DevlinkException extends ToolException {
  private static final long serialVersionUID = 1L;

  @SuppressWarnings("serial") // never serialized
  private final DevlinkError error;

  DevlinkException(String host, CommandResult result, DevlinkError error, String fix) {
    super(
        "'"
            + result.command().display()
            + "' failed on "
            + host
            + " (exit "
            + result.exitCode()
            + "): "
            + String.join(" ", error.text().lines().map(String::strip).toList()),
        fix,
        result);
    this.error = error;
  }

  public DevlinkError error() {
    return error;
  }
}
