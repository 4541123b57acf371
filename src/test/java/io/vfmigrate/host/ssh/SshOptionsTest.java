package io.vfmigrate.host.ssh;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SshOptionsTest {
  @TempDir Path home;

  @Test
  void defaultsAreOpenSshs() {
    SshOptions o = SshOptions.defaultsFor(home);

    assertThat(o.identityFile()).isEqualTo(home.resolve(".ssh/id_rsa"));
    assertThat(o.knownHosts()).isEqualTo(home.resolve(".ssh/known_hosts"));
    assertThat(o.acceptNewHostKey()).isFalse();
    assertThat(o.connectTimeout()).isEqualTo(Duration.ofSeconds(10));
  }

  @Test
  void anEd25519KeyIsPreferred() throws Exception {
    Files.createDirectories(home.resolve(".ssh"));
    Files.writeString(home.resolve(".ssh/id_ed25519"), "");
    Files.writeString(home.resolve(".ssh/id_rsa"), "");

    assertThat(SshOptions.defaultsFor(home).identityFile())
        .isEqualTo(home.resolve(".ssh/id_ed25519"));
  }

  @Test
  void withersChangeOneThing() {
    SshOptions o =
        SshOptions.defaultsFor(home)
            .withIdentityFile(Path.of("/k"))
            .withKnownHosts(Path.of("/kh"))
            .withAcceptNewHostKey(true)
            .withConnectTimeout(Duration.ofSeconds(3));

    assertThat(o)
        .isEqualTo(new SshOptions(Path.of("/k"), Path.of("/kh"), true, Duration.ofSeconds(3)));
  }
}
