package io.vfmigrate.host.ssh;

import io.vfmigrate.host.HostException;
import java.nio.file.Path;

/** The host offered a key other than the one known_hosts holds for it. Never accepted. */
public final class ChangedHostKeyException extends HostException {
  private static final long serialVersionUID = 1L;
  private final String knownFingerprint;
  private final String offeredFingerprint;

  ChangedHostKeyException(
      SshTarget target, String keyType, String known, String offered, Path knownHosts) {
    super(
        "WARNING: REMOTE HOST IDENTIFICATION HAS CHANGED for '"
            + target.knownHostsName()
            + "': "
            + knownHosts
            + " holds the "
            + keyType
            + " key "
            + known
            + ", but the host offered "
            + offered
            + ". Someone could be intercepting the connection (man-in-the-middle), or the host"
            + " was reinstalled. vfmigrate refused to connect.",
        "check the new fingerprint on the host itself (ssh-keygen -lf /etc/ssh/ssh_host_*_key.pub);"
            + " only if it matches, remove the old key with ssh-keygen -R '"
            + target.knownHostsName()
            + "' -f "
            + knownHosts
            + " and add the new one (ssh-keyscan"
            + (target.port() == SshTarget.DEFAULT_PORT ? "" : " -p " + target.port())
            + " "
            + target.host()
            + " >> "
            + knownHosts
            + ").");
    this.knownFingerprint = known;
    this.offeredFingerprint = offered;
  }

  public String knownFingerprint() {
    return knownFingerprint;
  }

  public String offeredFingerprint() {
    return offeredFingerprint;
  }
}
