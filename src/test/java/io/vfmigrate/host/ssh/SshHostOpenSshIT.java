package io.vfmigrate.host.ssh;

import static org.assertj.core.api.Assertions.assertThat;

import io.vfmigrate.host.Command;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SshHost against a real OpenSSH sshd on loopback (needs /usr/sbin/sshd and ssh-keygen, which
 * .ci/run installs): part of the real-lab suite, {@code ./mvnw -B verify -Preal-lab}.
 */
@Tag("real-lab")
class SshHostOpenSshIT extends SshHostContract {
  private OpenSshServer server;

  @Override
  LoopbackSshd startServer(Path dir) throws Exception {
    server = OpenSshServer.start(dir);
    return server;
  }

  @Test
  void aHostKeyAcceptedOnFirstUseIsOneOpenSshFinds(@TempDir Path dir) throws Exception {
    Path fresh = dir.resolve("new-ssh-dir").resolve("known_hosts");
    SshOptions accept = server.options().withKnownHosts(fresh).withAcceptNewHostKey(true);
    try (SshHost h = SshHost.connect("h", server.target(), accept)) {
      assertThat(h.run(Command.of("echo", "hi")).stdout()).isEqualTo("hi\n");
    }

    Process p =
        new ProcessBuilder(
                "ssh-keygen", "-F", "[127.0.0.1]:" + server.port(), "-f", fresh.toString())
            .start();
    assertThat(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
        .contains(Files.readString(server.hostPublicKey()).split(" ")[1]);
    assertThat(p.waitFor()).isZero();
  }
}
