package io.vfmigrate.host.ssh;

import io.vfmigrate.host.HostException;

/** No TCP connection to a host's sshd: refused, unreachable, timed out or unresolvable. */
public final class SshConnectException extends HostException {
  private static final long serialVersionUID = 1L;

  private SshConnectException(String message, String fix, Throwable cause) {
    super(message, fix, cause);
  }

  static SshConnectException refused(SshTarget target, Throwable cause) {
    return new SshConnectException(
        connectTo(target) + "Connection refused",
        "check that sshd runs on "
            + target.host()
            + " and listens on port "
            + target.port()
            + " (systemctl status sshd; ss -tlnp | grep sshd), or correct the port in the"
            + " inventory.",
        cause);
  }

  static SshConnectException unreachable(SshTarget target, String reason, Throwable cause) {
    return new SshConnectException(
        connectTo(target) + reason,
        "check the address "
            + target.host()
            + ", the route to it (ping "
            + target.host()
            + ") and any firewall between this machine and port "
            + target.port()
            + ".",
        cause);
  }

  static SshConnectException timedOut(SshTarget target, long seconds, Throwable cause) {
    return new SshConnectException(
        connectTo(target) + "Connection timed out (after " + seconds + " s)",
        "check that "
            + target.host()
            + " is up and that no firewall drops port "
            + target.port()
            + "; on a slow network give a longer connect timeout.",
        cause);
  }

  static SshConnectException unresolved(SshTarget target, Throwable cause) {
    return new SshConnectException(
        "ssh: Could not resolve hostname " + target.host() + ": Name or service not known",
        "check the host name in the inventory (getent hosts "
            + target.host()
            + "), or give the host's IP address.",
        cause);
  }

  private static String connectTo(SshTarget target) {
    return "ssh: connect to host " + target.host() + " port " + target.port() + ": ";
  }
}
