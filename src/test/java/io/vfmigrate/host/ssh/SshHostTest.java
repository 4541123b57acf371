package io.vfmigrate.host.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vfmigrate.host.Command;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.sshd.common.util.security.SecurityUtils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SshHost against {@link ShellSshServer}: commands run by the login shell as OpenSSH runs them, so
 * these tests need no system sshd; {@link SshHostOpenSshIT} runs the same against OpenSSH.
 */
class SshHostTest extends SshHostContract {
  @Override
  LoopbackSshd startServer(Path dir) throws Exception {
    return ShellSshServer.start(dir);
  }

  @Test
  void ed25519HostAndUserKeysWorkThroughBouncyCastleWithoutTheEddsaLibrary(@TempDir Path dir)
      throws Exception {
    assertThatThrownBy(() -> Class.forName("net.i2p.crypto.eddsa.EdDSAEngine"))
        .as("net.i2p.crypto:eddsa (CVE-2020-36843) is not on the class path")
        .isInstanceOf(ClassNotFoundException.class);
    assertThat(SecurityUtils.isEDDSACurveSupported()).isTrue();

    try (ShellSshServer server = ShellSshServer.start(dir)) {
      assertThat(Files.readString(server.knownHosts()))
          .contains(" ssh-ed25519 AAAAC3NzaC1lZDI1NTE5");
      assertThat(Files.readString(server.clientKey()))
          .startsWith("-----BEGIN OPENSSH PRIVATE KEY-----");
      assertThat(Files.readString(server.authorizedKeys())).startsWith("ssh-ed25519 ");
      try (SshHost h = SshHost.connect("h", server.target(), server.options())) {
        assertThat(h.run(Command.of("echo", "ed25519")).stdout()).isEqualTo("ed25519\n");
      }
    }
  }
}
