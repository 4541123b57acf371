package io.vfmigrate.tools;

import io.vfmigrate.host.CommandResult;

/** The program is not installed on the host (the shell's exit code 127). */
public final class ToolNotInstalledException extends ToolException {
  private static final long serialVersionUID = 1L;
  private final String packageName;

  public ToolNotInstalledException(String host, CommandResult result, String packageName) {
    super(
        "'"
            + result.command().program()
            + "' is not installed on "
            + host
            + " (needed for '"
            + result.command().display()
            + "').",
        "install it: dnf install -y " + packageName,
        result);
    this.packageName = packageName;
  }

  /** The RPM package that provides the program. */
  public String packageName() {
    return packageName;
  }
}
