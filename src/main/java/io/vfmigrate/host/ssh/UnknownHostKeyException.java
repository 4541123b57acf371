package io.vfmigrate.host.ssh;

import io.vfmigrate.host.HostException;
import java.nio.file.Path;

/** The host's key is not in known_hosts, and accepting new keys was not asked for. */
public final class UnknownHostKeyException extends HostException {
  private static final long serialVersionUID = 1L;
  private final String fingerprint;

  UnknownHostKeyException(SshTarget target, String keyType, String fingerprint, Path knownHosts) {
    super(
        "The authenticity of host '"
            + target.knownHostsName()
            + "' can't be established: its "
            + keyType
            + " key fingerprint is "
            + fingerprint
            + " and "
            + knownHosts
            + " does not list it. vfmigrate refused to connect.",
        "check that fingerprint on the host itself (ssh-keygen -lf /etc/ssh/ssh_host_*_key.pub), then"
            + " add the key: ssh-keyscan"
            + (target.port() == SshTarget.DEFAULT_PORT ? "" : " -p " + target.port())
            + " "
            + target.host()
            + " >> "
            + knownHosts
            + " (and compare ssh-keygen -lf "
            + knownHosts
            + "), or connect once with the option that accepts new host keys, which appends"
            + " it.");
    this.fingerprint = fingerprint;
  }

  /** The host key's SHA256 fingerprint, as {@code ssh-keygen -lf} shows it. */
  public String fingerprint() {
    return fingerprint;
  }
}
