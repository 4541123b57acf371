package io.vfmigrate.host.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vfmigrate.host.Command;
import io.vfmigrate.host.CommandTimeoutException;
import io.vfmigrate.host.HostException;
import io.vfmigrate.testing.BoundedWait;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.List;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SshHost's failures, staged with MINA's in-process server. */
class SshHostFailureTest {
  @TempDir Path dir;
  private KeyPair hostKey;
  private KeyPair clientKey;
  private Path clientKeyFile;
  private Path knownHosts;
  private MinaServer server;

  @BeforeEach
  void start() throws Exception {
    hostKey = MinaServer.ecKey();
    clientKey = MinaServer.ed25519Key();
    clientKeyFile = MinaServer.writePrivateKey(clientKey, dir.resolve("id_ed25519"));
    server = MinaServer.start(List.of(hostKey), clientKey.getPublic());
    knownHosts = dir.resolve("known_hosts");
    Files.writeString(knownHosts, entry(hostKey));
  }

  @AfterEach
  void stop() throws Exception {
    server.close();
  }

  private SshTarget target() {
    return new SshTarget("root", "127.0.0.1", server.port());
  }

  private SshOptions options() {
    return new SshOptions(clientKeyFile, knownHosts, false, Duration.ofSeconds(5));
  }

  private String entry(KeyPair key) {
    return "[127.0.0.1]:" + server.port() + " " + PublicKeyEntry.toString(key.getPublic()) + "\n";
  }

  private static String fingerprint(KeyPair key) {
    return KeyUtils.getFingerPrint(key.getPublic());
  }

  @Test
  void aKnownHostAndKeyRunCommands() {
    try (SshHost host = SshHost.connect("kvm-a", target(), options())) {
      assertThat(host.run(Command.of("echo", "hi")).stdout()).isEqualTo("hi\n");
      assertThat(host.run(Command.of("nope")).exitCode()).isEqualTo(127);
    }
  }

  @Test
  void aKeyTheHostDoesNotAcceptFailsLoginNamingTheKey() throws Exception {
    KeyPair other = MinaServer.ed25519Key();
    Path otherFile = MinaServer.writePrivateKey(other, dir.resolve("id_other"));

    try (SshHost host = SshHost.connect("kvm-a", target(), options().withIdentityFile(otherFile))) {
      assertThatThrownBy(() -> host.run(Command.of("echo", "hi")))
          .isInstanceOfSatisfying(
              SshAuthenticationException.class,
              e -> {
                assertThat(e.getMessage())
                    .contains("root@127.0.0.1:" + server.port() + ": Permission denied (publickey)")
                    .contains(otherFile.toString())
                    .contains(fingerprint(other));
                assertThat(e.fix())
                    .contains(otherFile + ".pub to ~root/.ssh/authorized_keys on 127.0.0.1")
                    .contains("ssh-copy-id -i " + otherFile + ".pub -p " + server.port());
              });
    }
  }

  @Test
  void anUnknownHostKeyIsRefusedWithItsFingerprintAndTheFix() throws Exception {
    Files.writeString(knownHosts, "[127.0.0.1]:1 " + PublicKeyEntry.toString(hostKey.getPublic()));

    try (SshHost host = SshHost.connect("kvm-a", target(), options())) {
      assertThatThrownBy(() -> host.run(Command.of("echo", "hi")))
          .isInstanceOfSatisfying(
              UnknownHostKeyException.class,
              e -> {
                assertThat(e.fingerprint()).isEqualTo(fingerprint(hostKey)).startsWith("SHA256:");
                assertThat(e.getMessage())
                    .contains("'[127.0.0.1]:" + server.port() + "'")
                    .contains("ECDSA key fingerprint is " + fingerprint(hostKey));
                assertThat(e.fix())
                    .contains("ssh-keyscan -p " + server.port() + " 127.0.0.1 >> " + knownHosts);
              });
    }
    assertThat(server.sessions()).isEqualTo(1);
  }

  @Test
  void aChangedHostKeyIsRefusedEvenWhenNewKeysMayBeAccepted() throws Exception {
    KeyPair old = MinaServer.ecKey();
    String before = entry(old);
    Files.writeString(knownHosts, before);

    try (SshHost host = SshHost.connect("kvm-a", target(), options().withAcceptNewHostKey(true))) {
      assertThatThrownBy(() -> host.run(Command.of("echo", "hi")))
          .isInstanceOfSatisfying(
              ChangedHostKeyException.class,
              e -> {
                assertThat(e.knownFingerprint()).isEqualTo(fingerprint(old));
                assertThat(e.offeredFingerprint()).isEqualTo(fingerprint(hostKey));
                assertThat(e.getMessage())
                    .contains("HAS CHANGED")
                    .contains(fingerprint(old))
                    .contains(fingerprint(hostKey));
                assertThat(e.fix())
                    .contains("ssh-keygen -R '[127.0.0.1]:" + server.port() + "' -f " + knownHosts);
              });
    }
    assertThat(Files.readString(knownHosts)).isEqualTo(before);
  }

  @Test
  void acceptingNewHostKeysAppendsTheKey() throws Exception {
    Path fresh = dir.resolve("new-ssh-dir").resolve("known_hosts");
    SshOptions accept = options().withKnownHosts(fresh).withAcceptNewHostKey(true);

    try (SshHost host = SshHost.connect("kvm-a", target(), accept)) {
      assertThat(host.run(Command.of("echo", "hi")).stdout()).isEqualTo("hi\n");
    }

    assertThat(Files.readString(fresh)).isEqualTo(entry(hostKey));
    try (SshHost again = SshHost.connect("kvm-a", target(), options().withKnownHosts(fresh))) {
      assertThat(again.run(Command.of("echo", "hi")).stdout()).isEqualTo("hi\n");
    }
  }

  @Test
  void anAcceptedKeyIsAppendedOnANewLine() throws Exception {
    Files.writeString(knownHosts, "other.example ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIAAAA");

    try (SshHost host = SshHost.connect("kvm-a", target(), options().withAcceptNewHostKey(true))) {
      host.run(Command.of("echo", "hi"));
    }

    assertThat(Files.readAllLines(knownHosts))
        .containsExactly(
            "other.example ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIAAAA", entry(hostKey).strip());
  }

  @Test
  void aHashedKnownHostsEntryMatches() throws Exception {
    Files.writeString(
        knownHosts,
        TestKeys.hashedLine(
                "[127.0.0.1]:" + server.port(), PublicKeyEntry.toString(hostKey.getPublic()))
            + "\n");

    try (SshHost host = SshHost.connect("kvm-a", target(), options())) {
      assertThat(host.run(Command.of("echo", "hi")).stdout()).isEqualTo("hi\n");
    }
  }

  @Test
  void aHostKnownByOneOfItsKeyTypesIsRecognised() throws Exception {
    server.close();
    KeyPair rsa = MinaServer.rsaKey();
    KeyPair ed25519 = MinaServer.ed25519Key();
    server = MinaServer.start(List.of(ed25519, hostKey, rsa), clientKey.getPublic());
    Files.writeString(knownHosts, entry(rsa));

    try (SshHost host = SshHost.connect("kvm-a", target(), options())) {
      assertThat(host.run(Command.of("echo", "hi")).stdout()).isEqualTo("hi\n");
    }
  }

  @Test
  void aConnectionDroppedMidCommandIsReportedAndTheNextCommandReconnects() {
    try (SshHost host = SshHost.connect("kvm-a", target(), options())) {
      assertThatThrownBy(() -> host.run(Command.of("drop")))
          .isInstanceOfSatisfying(
              SshConnectionDroppedException.class,
              e -> {
                assertThat(e.getMessage())
                    .isEqualTo(
                        "The SSH connection to kvm-a dropped while 'drop' was running; whether it"
                            + " finished is unknown.");
                assertThat(e.fix()).isNotBlank();
              });

      assertThat(host.run(Command.of("echo", "hi")).stdout()).isEqualTo("hi\n");
      assertThat(server.sessions()).isEqualTo(2);
    }
  }

  @Test
  void aSessionDroppedBetweenCommandsIsReopenedOnce() {
    try (SshHost host = SshHost.connect("kvm-a", target(), options())) {
      host.run(Command.of("echo", "hi"));
      host.run(Command.of("echo", "hi"));
      assertThat(server.sessions()).isEqualTo(1);

      server.dropAllSessions();

      assertThat(host.run(Command.of("echo", "hi")).stdout()).isEqualTo("hi\n");
      assertThat(host.run(Command.of("echo", "hi")).stdout()).isEqualTo("hi\n");
      assertThat(server.sessions()).isEqualTo(2);
    }
  }

  @Test
  void aCommandThatDoesNotEndTimesOut() throws Exception {
    try (SshHost host = SshHost.connect("kvm-a", target(), options())) {
      // The bounded wait fails only if the command was waited for without end; how long the
      // stop took is not asserted (a loaded machine may take its time).
      assertThatThrownBy(
              () ->
                  BoundedWait.ends(
                      "'hang' with a 1 s timeout",
                      () -> host.run(Command.of("hang").withTimeout(Duration.ofSeconds(1)))))
          .isInstanceOf(CommandTimeoutException.class)
          .hasMessage("'hang' on kvm-a did not finish within 1 s and was stopped.");

      assertThat(host.run(Command.of("echo", "hi")).stdout()).isEqualTo("hi\n");
      assertThat(server.sessions()).isEqualTo(1);
    }
  }

  /**
   * A connection that cannot be made fails a conversation as it fails a command, once: the read
   * that asked for the virsh shell reports it, and is not tried again over a second connection.
   */
  @Test
  void aConversationOverAConnectionThatCannotBeMadeFailsAsACommandDoesOnce() throws Exception {
    Files.writeString(knownHosts, "[127.0.0.1]:1 " + PublicKeyEntry.toString(hostKey.getPublic()));

    try (SshHost ssh = SshHost.connect("kvm-a", target(), options());
        io.vfmigrate.tools.virsh.VirshShellHost host =
            new io.vfmigrate.tools.virsh.VirshShellHost(ssh, shell -> {})) {
      assertThatThrownBy(() -> host.run(Command.of("virsh", "version").inCLocale()))
          .isInstanceOf(UnknownHostKeyException.class);
    }
    assertThat(server.sessions()).isEqualTo(1);
  }

  @Test
  void aClosedPortIsConnectionRefused() throws Exception {
    int closed;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closed = s.getLocalPort();
    }
    SshTarget nowhere = new SshTarget("root", "127.0.0.1", closed);

    try (SshHost host = SshHost.connect("kvm-a", nowhere, options())) {
      assertThatThrownBy(() -> host.run(Command.of("echo", "hi")))
          .isInstanceOfSatisfying(
              SshConnectException.class,
              e -> {
                assertThat(e.getMessage())
                    .isEqualTo(
                        "ssh: connect to host 127.0.0.1 port " + closed + ": Connection refused");
                assertThat(e.fix()).contains("sshd").contains("port " + closed);
              });
    }
  }

  @Test
  void aConnectionMadeAheadThatFailsFailsTheFirstCommandAsWithoutIt() throws Exception {
    int closed;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closed = s.getLocalPort();
    }
    SshTarget nowhere = new SshTarget("root", "127.0.0.1", closed);

    try (SshHost host = SshHost.connect("kvm-a", nowhere, options())) {
      host.connectAhead();
      assertThatThrownBy(() -> host.run(Command.of("echo", "hi")))
          .isInstanceOf(SshConnectException.class)
          .hasMessage("ssh: connect to host 127.0.0.1 port " + closed + ": Connection refused");
      // The next command tries again, and says the same.
      assertThatThrownBy(() -> host.run(Command.of("echo", "hi")))
          .isInstanceOf(SshConnectException.class)
          .hasMessage("ssh: connect to host 127.0.0.1 port " + closed + ": Connection refused");
    }
  }

  @Test
  void anUnresolvableNameSaysSo() {
    SshTarget nowhere = new SshTarget("root", "no-such-host.invalid", 22);

    try (SshHost host = SshHost.connect("kvm-a", nowhere, options())) {
      assertThatThrownBy(() -> host.run(Command.of("echo", "hi")))
          .isInstanceOf(SshConnectException.class)
          .hasMessage(
              "ssh: Could not resolve hostname no-such-host.invalid: Name or service not known");
    }
  }

  @Test
  void aMissingKeyFileSaysHowToMakeOne() {
    Path missing = dir.resolve("id_missing");

    try (SshHost host = SshHost.connect("kvm-a", target(), options().withIdentityFile(missing))) {
      assertThatThrownBy(() -> host.run(Command.of("echo", "hi")))
          .isInstanceOfSatisfying(
              SshIdentityException.class,
              e -> {
                assertThat(e.getMessage()).contains(missing + " does not exist");
                assertThat(e.fix()).contains("ssh-keygen -t ed25519");
              });
    }
    assertThat(server.sessions()).isZero();
  }

  @Test
  void closeEndsTheSession() throws Exception {
    SshHost host = SshHost.connect("kvm-a", target(), options());
    host.run(Command.of("echo", "hi"));

    host.close();

    BoundedWait.until("the server has no active session", () -> server.activeSessions() == 0);
    assertThatThrownBy(() -> host.run(Command.of("echo", "hi"))).isInstanceOf(HostException.class);
  }
}
