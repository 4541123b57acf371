package io.vfmigrate.host.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vfmigrate.host.Command;
import io.vfmigrate.host.CommandResult;
import io.vfmigrate.host.CommandTimeoutException;
import io.vfmigrate.host.FileAccessException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalHostTest {
  @TempDir Path dir;
  private final LocalHost host = new LocalHost("local", Map.of("VFMIGRATE_TEST", "x y"));

  @Test
  void argumentsAreNeverInterpretedByAShell() {
    CommandResult r = host.run(Command.of("printf", "%s|", "a b", "$(id)", ";", "'\""));
    assertThat(r.stdout()).isEqualTo("a b|$(id)|;|'\"|");
  }

  @Test
  void aMissingProgramIsExit127LikeAShell() {
    CommandResult r = host.run(Command.of("no-such-program-vfmigrate"));
    assertThat(r.exitCode()).isEqualTo(127);
    assertThat(r.stderr()).contains("command not found");
  }

  @Test
  void theInventoryEnvironmentReachesCommands() {
    assertThat(host.run(Command.of("printenv", "VFMIGRATE_TEST")).stdout()).isEqualTo("x y\n");
  }

  @Test
  void aPathInTheInventoryEnvironmentFindsTheProgramThere() throws Exception {
    Path bin = java.nio.file.Files.createDirectories(dir.resolve("bin"));
    Path standIn = bin.resolve("systemctl");
    java.nio.file.Files.writeString(standIn, "#!/bin/sh\necho stand-in \"$@\"\n");
    assertThat(standIn.toFile().setExecutable(true)).isTrue();
    LocalHost withPath = new LocalHost("local", Map.of("PATH", bin + ":" + System.getenv("PATH")));
    assertThat(withPath.run(Command.of("systemctl", "is-active", "x")).stdout())
        .isEqualTo("stand-in is-active x\n");
    assertThat(withPath.run(Command.of("printf", "%s", "from /usr/bin")).stdout())
        .isEqualTo("from /usr/bin");
    assertThat(host.run(Command.of("systemctl", "is-active", "x")).stdout())
        .doesNotContain("stand-in");
  }

  @Test
  void aCommandsOwnEnvironmentIsAddedAndWinsOverTheInventorys() {
    Command c =
        Command.of("sh", "-c", "echo \"$LC_ALL|$VFMIGRATE_TEST\"")
            .inCLocale()
            .withEnv("VFMIGRATE_TEST", "mine");
    assertThat(host.run(c).stdout()).isEqualTo("C|mine\n");
    assertThat(host.run(Command.of("printenv", "VFMIGRATE_TEST")).stdout()).isEqualTo("x y\n");
  }

  @Test
  void stdinAndTimeouts() {
    assertThat(host.run(Command.of("cat").withStdin("hello")).stdout()).isEqualTo("hello");
    assertThatThrownBy(() -> host.run(Command.of("sleep", "5").withTimeout(Duration.ofMillis(300))))
        .isInstanceOf(CommandTimeoutException.class);
  }

  @Test
  void filesAndClaims() {
    String file = dir.resolve("a/b/claim").toString();
    assertThat(host.createExclusive(file, "one\n")).isTrue();
    assertThat(host.createExclusive(file, "two\n")).isFalse();
    assertThat(host.readFile(file)).isEqualTo("one\n");
    assertThat(host.listDirectory(dir.resolve("a/b").toString())).isEqualTo(List.of("claim"));
    host.deleteFile(file);
    assertThat(host.exists(file)).isFalse();
    assertThatThrownBy(() -> host.readFile(file))
        .isInstanceOf(FileAccessException.class)
        .satisfies(e -> assertThat(((FileAccessException) e).isNoSuchFile()).isTrue());
  }
}
