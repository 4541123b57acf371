package io.vfmigrate.host.ssh;

import static org.assertj.core.api.Assertions.assertThat;

import io.vfmigrate.host.CommandResult;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CDS training's SSH step logs in and runs one exec through SshHost, all in-process. */
class SshTrainingTest {
  @Test
  void oneLoginAndOneExecAgainstTheInProcessServerEndInExitZero(@TempDir Path dir)
      throws Exception {
    CommandResult r = SshTraining.connectOnce(dir);

    assertThat(r.exitCode()).isZero();
    assertThat(r.stdout()).isEmpty();
    assertThat(r.command().argv()).containsExactly("true");
    // Only this run's key and known_hosts, in the directory given.
    assertThat(Files.readString(dir.resolve("known_hosts"))).startsWith("[127.0.0.1]:");
    assertThat(dir.resolve("id_ed25519")).exists();
  }
}
