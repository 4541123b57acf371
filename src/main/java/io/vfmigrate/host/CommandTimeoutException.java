package io.vfmigrate.host;

import java.time.Duration;

/** A command did not finish within its timeout and was killed. */
public final class CommandTimeoutException extends HostException {
  private static final long serialVersionUID = 1L;

  public CommandTimeoutException(String host, Command command, Duration timeout) {
    super(
        "'"
            + command.display()
            + "' on "
            + host
            + " did not finish within "
            + timeout.toSeconds()
            + " s and was stopped.",
        "check that the host is responsive, then run vfmigrate again.");
  }
}
