package io.vfmigrate.host.ssh;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PublicKey;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.common.session.SessionListener;
import org.apache.sshd.server.Environment;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.channel.ChannelSession;

/**
 * Apache MINA SSHD's in-process server on 127.0.0.1, for the failures a real sshd will not stage:
 * it accepts one client key and answers three scripted commands: {@code echo hi}, {@code hang}
 * (never ends) and {@code drop} (closes the whole connection mid-command).
 */
final class MinaServer implements AutoCloseable {
  private final SshServer sshd;
  private final AtomicInteger sessions = new AtomicInteger();

  private MinaServer(SshServer sshd) {
    this.sshd = sshd;
  }

  static MinaServer start(List<KeyPair> hostKeys, PublicKey authorized) throws IOException {
    SshServer sshd = SshServer.setUpDefaultServer();
    sshd.setHost("127.0.0.1");
    sshd.setPort(0);
    sshd.setKeyPairProvider(KeyPairProvider.wrap(hostKeys));
    sshd.setPublickeyAuthenticator((user, key, session) -> KeyUtils.compareKeys(key, authorized));
    sshd.setPasswordAuthenticator(null);
    sshd.setKeyboardInteractiveAuthenticator(null);
    sshd.setCommandFactory((channel, command) -> new Scripted(command));
    MinaServer server = new MinaServer(sshd);
    sshd.addSessionListener(
        new SessionListener() {
          @Override
          public void sessionCreated(Session session) {
            server.sessions.incrementAndGet();
          }
        });
    sshd.start();
    return server;
  }

  static KeyPair ecKey() throws GeneralSecurityException {
    return KeyUtils.generateKeyPair(KeyPairProvider.ECDSA_SHA2_NISTP256, 256);
  }

  static KeyPair ed25519Key() throws GeneralSecurityException {
    return KeyUtils.generateKeyPair(KeyPairProvider.SSH_ED25519, 256);
  }

  static KeyPair rsaKey() throws GeneralSecurityException {
    return KeyUtils.generateKeyPair(KeyPairProvider.SSH_RSA, 2048);
  }

  /** Writes {@code key} as an unencrypted OpenSSH private key file. */
  static Path writePrivateKey(KeyPair key, Path file) throws IOException, GeneralSecurityException {
    try (OutputStream out = Files.newOutputStream(file)) {
      OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(key, "test", null, out);
    }
    return file;
  }

  int port() {
    return sshd.getPort();
  }

  /** How many connections the server has accepted. */
  int sessions() {
    return sessions.get();
  }

  int activeSessions() {
    return sshd.getActiveSessions().size();
  }

  /** Closes every connection, as a host reboot or a restarted sshd would. */
  void dropAllSessions() {
    sshd.getActiveSessions().forEach(s -> s.close(true));
  }

  @Override
  public void close() throws IOException {
    sshd.stop(true);
  }

  /** The scripted commands. */
  private static final class Scripted extends ChannelStreams {
    private final String command;

    Scripted(String command) {
      this.command = command;
    }

    @Override
    public void start(ChannelSession channel, Environment env) throws IOException {
      switch (command) {
        case "echo hi" -> {
          out.write("hi\n".getBytes(StandardCharsets.UTF_8));
          out.flush();
          exit.onExit(0);
        }
        case "hang" -> {
          // Never ends; destroy() is called when the client closes the channel.
        }
        case "drop" -> {
          out.write("working\n".getBytes(StandardCharsets.UTF_8));
          out.flush();
          channel.getSession().close(true);
        }
        default -> {
          err.write(("bash: line 1: " + command + ": command not found\n").getBytes(UTF8));
          err.flush();
          exit.onExit(127);
        }
      }
    }

    private static final java.nio.charset.Charset UTF8 = StandardCharsets.UTF_8;

    @Override
    public void destroy(ChannelSession channel) {}
  }
}
