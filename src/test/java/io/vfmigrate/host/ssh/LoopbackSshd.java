package io.vfmigrate.host.ssh;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;

/**
 * An SSH server on 127.0.0.1 started by a test, with a fresh ed25519 host key, an authorized_keys
 * file holding a fresh ed25519 client key, and a known_hosts file that knows the host key.
 */
public interface LoopbackSshd extends AutoCloseable {
  int port();

  /** The directory holding the server's keys and files. */
  Path dir();

  /** The client's private key; its public half is in {@link #authorizedKeys()}. */
  default Path clientKey() {
    return dir().resolve("id_ed25519");
  }

  default Path knownHosts() {
    return dir().resolve("known_hosts");
  }

  /** The host's public key, as a line of an OpenSSH .pub file. */
  default Path hostPublicKey() {
    return dir().resolve("host_ed25519.pub");
  }

  /** The authorized_keys file the server reads at each login. */
  default Path authorizedKeys() {
    return dir().resolve("authorized_keys");
  }

  /** How many logins the server has accepted so far. */
  long acceptedLogins() throws IOException;

  default SshTarget target() {
    return new SshTarget(System.getProperty("user.name"), "127.0.0.1", port());
  }

  default SshOptions options() {
    return new SshOptions(clientKey(), knownHosts(), false, Duration.ofSeconds(10));
  }

  @Override
  void close() throws Exception;
}
