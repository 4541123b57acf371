package io.vfmigrate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LabExecTest {
  @TempDir Path home;

  @BeforeEach
  void lab() {
    assertThat(CliRun.run(home, "lab", "init").exitCode).isZero();
  }

  @Test
  void printsTheCommandsOutputAndExitsWithItsStatus() {
    CliRun r = CliRun.run(home, "lab", "exec", "src", "--", "virsh", "list", "--all");

    assertThat(r.exitCode).as(r.toString()).isZero();
    assertThat(r.out)
        .isEqualTo(" Id   Name   State\n----------------------\n 1    vm1    running\n\n");
    assertThat(r.err).isEmpty();
  }

  @Test
  void aFailingCommandKeepsItsStderrAndItsExitCode() {
    CliRun r = CliRun.run(home, "lab", "exec", "dst", "--", "virsh", "domstate", "vm1");

    assertThat(r.exitCode).isEqualTo(1);
    assertThat(r.err).isEqualTo("error: failed to get domain 'vm1'\n");
    assertThat(r.out).isEqualTo("\n");
  }

  @Test
  void itChangesTheLabAsTheToolWould() {
    CliRun set =
        CliRun.run(
            home,
            "lab",
            "exec",
            "src",
            "--",
            "devlink",
            "dev",
            "eswitch",
            "set",
            "pci/0000:e1:00.0",
            "mode",
            "switchdev");

    assertThat(set.exitCode).as(set.toString()).isZero();
    assertThat(CliRun.run(home, "lab", "show").out).contains("eswitch switchdev");
  }

  @Test
  void anUnknownCommandIsWhatAShellSays() {
    CliRun r = CliRun.run(home, "lab", "exec", "src", "--", "frobnicate", "--now");

    assertThat(r.exitCode).isEqualTo(127);
    assertThat(r.err).isEqualTo("bash: line 1: frobnicate: command not found\n");
    assertThat(r.out).isEmpty();
  }

  @Test
  void anUnknownHostIsAUsageErrorWithTheFix() {
    CliRun r = CliRun.run(home, "lab", "exec", "nosuch", "--", "uname", "-r");

    assertThat(r.exitCode).isEqualTo(2);
    assertThat(r.err).contains("no host named 'nosuch'", "src, dst");
  }

  @Test
  void aCommandIsRequired() {
    CliRun r = CliRun.run(home, "lab", "exec", "src");

    assertThat(r.exitCode).isEqualTo(2);
    assertThat(r.err).contains("COMMAND");
  }
}
