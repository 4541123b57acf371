package io.vfmigrate.host.ssh;

import io.vfmigrate.host.HostException;
import java.nio.file.Path;

/** vfmigrate's own SSH private key cannot be used. */
public final class SshIdentityException extends HostException {
  private static final long serialVersionUID = 1L;

  private SshIdentityException(String message, String fix, Throwable cause) {
    super(message, fix, cause);
  }

  static SshIdentityException missing(Path file) {
    return new SshIdentityException(
        "The SSH private key " + file + " does not exist.",
        "create one (ssh-keygen -t ed25519 -N '' -f "
            + file
            + ") and add "
            + file
            + ".pub to ~/.ssh/authorized_keys on each host, or name an existing key as the"
            + " identity file.",
        null);
  }

  static SshIdentityException encrypted(Path file) {
    return new SshIdentityException(
        "The SSH private key "
            + file
            + " is protected by a passphrase; vfmigrate cannot ask for it.",
        "use a key without a passphrase for vfmigrate (ssh-keygen -t ed25519 -N '' -f"
            + " ~/.ssh/id_vfmigrate, then add its .pub to the hosts' authorized_keys), or remove"
            + " the passphrase from this one with ssh-keygen -p -N '' -f "
            + file
            + ".",
        null);
  }

  static SshIdentityException unreadable(Path file, String reason, Throwable cause) {
    return new SshIdentityException(
        "Cannot use the SSH private key " + file + ": " + reason,
        "give an OpenSSH private key file (as written by ssh-keygen) that this user can read.",
        cause);
  }
}
