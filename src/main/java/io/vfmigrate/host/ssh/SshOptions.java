package io.vfmigrate.host.ssh;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How vfmigrate authenticates to SSH hosts and checks their identity.
 *
 * @param identityFile the OpenSSH private key (unencrypted) that logs in
 * @param knownHosts the known_hosts file that holds the hosts' public keys
 * @param acceptNewHostKey whether a host whose key is not yet known is accepted and its key
 *     appended to {@code knownHosts} (OpenSSH's {@code StrictHostKeyChecking=accept-new}); a
 *     changed key is refused regardless
 * @param connectTimeout how long connecting, key exchange and login may take
 */
public record SshOptions(
    Path identityFile, Path knownHosts, boolean acceptNewHostKey, Duration connectTimeout) {
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);

  public SshOptions {
    Objects.requireNonNull(identityFile, "identityFile");
    Objects.requireNonNull(knownHosts, "knownHosts");
    Objects.requireNonNull(connectTimeout, "connectTimeout");
    if (connectTimeout.isNegative() || connectTimeout.isZero()) {
      throw new IllegalArgumentException("the connect timeout must be positive");
    }
  }

  /** OpenSSH's defaults for the user running vfmigrate. */
  public static SshOptions defaults() {
    return defaultsFor(Path.of(System.getProperty("user.home")));
  }

  /**
   * The defaults for a home directory: {@code ~/.ssh/id_ed25519} if it exists, else {@code
   * ~/.ssh/id_rsa}; {@code ~/.ssh/known_hosts}; new host keys refused; 10 s to connect.
   */
  public static SshOptions defaultsFor(Path home) {
    Path ssh = home.resolve(".ssh");
    Path ed25519 = ssh.resolve("id_ed25519");
    Path identity = Files.exists(ed25519) ? ed25519 : ssh.resolve("id_rsa");
    return new SshOptions(identity, ssh.resolve("known_hosts"), false, DEFAULT_CONNECT_TIMEOUT);
  }

  public SshOptions withIdentityFile(Path file) {
    return new SshOptions(file, knownHosts, acceptNewHostKey, connectTimeout);
  }

  public SshOptions withKnownHosts(Path file) {
    return new SshOptions(identityFile, file, acceptNewHostKey, connectTimeout);
  }

  public SshOptions withAcceptNewHostKey(boolean accept) {
    return new SshOptions(identityFile, knownHosts, accept, connectTimeout);
  }

  public SshOptions withConnectTimeout(Duration timeout) {
    return new SshOptions(identityFile, knownHosts, acceptNewHostKey, timeout);
  }
}
