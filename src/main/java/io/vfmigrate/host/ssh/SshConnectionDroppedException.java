package io.vfmigrate.host.ssh;

import io.vfmigrate.host.Command;
import io.vfmigrate.host.HostException;

/** The SSH connection ended while a command ran, so how the command ended is unknown. */
public final class SshConnectionDroppedException extends HostException {
  private static final long serialVersionUID = 1L;

  SshConnectionDroppedException(String host, Command command, Throwable cause) {
    super(
        "The SSH connection to "
            + host
            + " dropped while '"
            + command.display()
            + "' was running; whether it finished is unknown.",
        "check that "
            + host
            + " is up and reachable, look on the host at what '"
            + command.program()
            + "' did, then run vfmigrate again.",
        cause);
  }
}
