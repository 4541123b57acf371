package io.vfmigrate.host.ssh;

import io.vfmigrate.host.HostException;
import java.nio.file.Path;

/** The host did not accept vfmigrate's key. */
public final class SshAuthenticationException extends HostException {
  private static final long serialVersionUID = 1L;

  SshAuthenticationException(SshTarget target, Path identityFile, String fingerprint) {
    super(
        target
            + ": Permission denied (publickey). The key tried was "
            + identityFile
            + " ("
            + fingerprint
            + ").",
        "add the public key "
            + identityFile
            + ".pub to ~"
            + target.user()
            + "/.ssh/authorized_keys on "
            + target.host()
            + " (e.g. ssh-copy-id -i "
            + identityFile
            + ".pub"
            + (target.port() == SshTarget.DEFAULT_PORT ? "" : " -p " + target.port())
            + " "
            + target.user()
            + "@"
            + target.host()
            + "), or name the key that host accepts as the identity file.");
  }
}
