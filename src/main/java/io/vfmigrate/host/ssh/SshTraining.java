package io.vfmigrate.host.ssh;

import io.vfmigrate.host.Command;
import io.vfmigrate.host.CommandResult;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PublicKey;
import java.util.List;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.server.Environment;
import org.apache.sshd.server.ExitCallback;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.channel.ChannelSession;

/**
 * One SSH login and one exec through {@link SshHost}, against an SSH server inside this process on
 * 127.0.0.1, for the class-data-sharing archive's training run ({@code bin/vfmigrate}): the key
 * exchange, Bouncy Castle's ed25519 and the client's channels are loaded once at build time, as
 * {@code lab demo} loads the rest, instead of at every start that reaches a host over SSH.
 *
 * <p>Safe on a build machine: the server listens on the loopback address on a port the kernel
 * picks, accepts only the key made for this run, runs no process (every exec answers exit 0 and
 * nothing else), and stops before this returns; the keys live in {@code dir} only.
 */
public final class SshTraining {
  private SshTraining() {}

  /** Logs in once and runs {@code true}; returns what the exec gave (exit 0). */
  public static CommandResult connectOnce(Path dir) throws IOException, GeneralSecurityException {
    KeyPair hostKey = KeyUtils.generateKeyPair(KeyPairProvider.SSH_ED25519, 256);
    KeyPair userKey = KeyUtils.generateKeyPair(KeyPairProvider.SSH_ED25519, 256);
    Path identity = dir.resolve("id_ed25519");
    try (OutputStream out = Files.newOutputStream(identity)) {
      OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(userKey, "training", null, out);
    }
    SshServer sshd = SshServer.setUpDefaultServer();
    sshd.setHost(InetAddress.getLoopbackAddress().getHostAddress());
    sshd.setPort(0);
    sshd.setKeyPairProvider(KeyPairProvider.wrap(List.of(hostKey)));
    PublicKey allowed = userKey.getPublic();
    sshd.setPublickeyAuthenticator((user, key, session) -> KeyUtils.compareKeys(allowed, key));
    sshd.setPasswordAuthenticator(null);
    sshd.setKeyboardInteractiveAuthenticator(null);
    sshd.setCommandFactory((channel, line) -> new ExitZero());
    sshd.start();
    try {
      Path knownHosts = dir.resolve("known_hosts");
      Files.writeString(
          knownHosts,
          "[127.0.0.1]:"
              + sshd.getPort()
              + " "
              + PublicKeyEntry.toString(hostKey.getPublic())
              + "\n");
      SshTarget target =
          new SshTarget(System.getProperty("user.name", "root"), "127.0.0.1", sshd.getPort());
      SshHost host =
          SshHost.connect(
              "training",
              target,
              SshOptions.defaultsFor(dir).withIdentityFile(identity).withKnownHosts(knownHosts));
      try {
        return host.run(Command.of("true"));
      } finally {
        host.close();
      }
    } finally {
      sshd.stop(true);
    }
  }

  /** An exec that ends at once with exit status 0 and prints nothing. */
  private static final class ExitZero implements org.apache.sshd.server.command.Command {
    private ExitCallback exit;

    @Override
    public void setInputStream(java.io.InputStream in) {}

    @Override
    public void setOutputStream(OutputStream out) {}

    @Override
    public void setErrorStream(OutputStream err) {}

    @Override
    public void setExitCallback(ExitCallback callback) {
      this.exit = callback;
    }

    @Override
    public void start(ChannelSession channel, Environment env) {
      exit.onExit(0);
    }

    @Override
    public void destroy(ChannelSession channel) {}
  }
}
