package io.vfmigrate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Exit codes and messages for broken lab files, hostile values and out-of-range options. */
class LabFilesCommandTest {
  @TempDir Path home;

  private Path state() {
    return home.resolve("lab/state.yaml");
  }

  private Path customLab() throws Exception {
    String yaml;
    try (var in = getClass().getResourceAsStream("/lab/default.yaml")) {
      yaml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    Path file = home.resolve("custom.yaml");
    Files.writeString(file, yaml.replace("memory: 8GiB", "memory: 4GiB"));
    return file;
  }

  @Test
  void aStateCutShortIsRefusedWithTheFixAndNeverRewritten() throws Exception {
    assertThat(CliRun.run(home, "lab", "init").exitCode).isZero();
    String whole = Files.readString(state());
    String cut = whole.substring(0, whole.indexOf("  dst:"));
    Files.writeString(state(), cut);

    CliRun r = CliRun.run(home, "check");
    assertThat(r.exitCode).as(r.toString()).isEqualTo(2);
    assertThat(r.err).contains("cut short", "line", "lab reset");
    assertThat(Files.readString(state())).isEqualTo(cut);

    assertThat(CliRun.run(home, "lab", "reset").exitCode).isZero();
    assertThat(CliRun.run(home, "lab", "show").out).contains("dst");
  }

  @Test
  void aLostStateIsAnErrorAndTheInitialStateIsKept() throws Exception {
    assertThat(CliRun.run(home, "lab", "init", "--from", customLab().toString()).exitCode).isZero();
    String initial = Files.readString(home.resolve("lab/initial.yaml"));
    Files.delete(state());

    CliRun r = CliRun.run(home, "check");
    assertThat(r.exitCode).as(r.toString()).isEqualTo(2);
    assertThat(r.err).contains("missing", "lab reset");
    assertThat(Files.readString(home.resolve("lab/initial.yaml"))).isEqualTo(initial);
    assertThat(state()).doesNotExist();
  }

  @Test
  void demoDoesNotReplaceALabOfYourOwnWithoutYes() throws Exception {
    assertThat(CliRun.run(home, "lab", "init", "--from", customLab().toString()).exitCode).isZero();
    String before = Files.readString(state());

    CliRun r = CliRun.run(home, "lab", "demo");
    assertThat(r.exitCode).as(r.toString()).isEqualTo(2);
    assertThat(r.err).contains("--yes");
    assertThat(Files.readString(state())).isEqualTo(before);
  }

  @Test
  void timeoutsAboveAWeekAreRefusedBeforeAnythingRuns() {
    assertThat(CliRun.run(home, "lab", "init").exitCode).isZero();
    for (String option : new String[] {"--timeout", "--stall-timeout"}) {
      CliRun r =
          CliRun.run(
              home,
              "migrate",
              "vm1",
              "--from",
              "src",
              "--to",
              "dst",
              option,
              "9223372036854775807");
      assertThat(r.exitCode).as(r.toString()).isEqualTo(2);
      assertThat(r.err).contains(option, "more than a week").doesNotContain("internal error");
    }
    CliRun r =
        CliRun.run(
            home, "migrate", "vm1", "--from", "src", "--to", "dst", "--max-downtime", "9999999999");
    assertThat(r.exitCode).as(r.toString()).isEqualTo(2);
    assertThat(CliRun.run(home, "history").out).doesNotContain("migrate vm1");
  }

  @Test
  void aLabThatCannotBeWrittenIsNotAUsageError() throws Exception {
    Files.writeString(home.resolve("lab"), "a file where the lab's directory should be");
    CliRun r = CliRun.run(home, "lab", "init");
    assertThat(r.exitCode).as(r.toString()).isEqualTo(5);
    assertThat(r.err).contains("Cannot lock the lab").doesNotContain("internal error");
  }

  @Test
  void aMissingToolWhilePrepareReadsTheHostIsARefusal() throws Exception {
    String yaml;
    try (var in = getClass().getResourceAsStream("/lab/default.yaml")) {
      yaml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    Path file = home.resolve("no-mstflint.yaml");
    Files.writeString(file, yaml.replaceFirst("mstflint: 4.26.0, ", ""));
    assertThat(CliRun.run(home, "lab", "init", "--from", file.toString()).exitCode).isZero();

    CliRun r = CliRun.run(home, "prepare", "--host", "src");
    assertThat(r.exitCode).as(r.toString()).isEqualTo(3);
    assertThat(r.err).contains("mstconfig", "not installed", "Nothing was changed", "dnf install");
  }

  @Test
  void attachWhileAnotherHostsLibvirtIsDownIsARefusal() throws Exception {
    String yaml;
    try (var in = getClass().getResourceAsStream("/lab/default.yaml")) {
      yaml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    String active = "services: {libvirtd: active, openvswitch: inactive}";
    int dst = yaml.lastIndexOf(active);
    Path file = home.resolve("dst-down.yaml");
    Files.writeString(
        file,
        yaml.substring(0, dst)
            + "services: {libvirtd: inactive, openvswitch: inactive}"
            + yaml.substring(dst + active.length()));
    assertThat(CliRun.run(home, "lab", "init", "--from", file.toString()).exitCode).isZero();
    assertThat(CliRun.run(home, "prepare", "--host", "src").exitCode).isZero();

    CliRun r = CliRun.run(home, "attach", "vm1", "--host", "src");
    assertThat(r.exitCode).as(r.toString()).isEqualTo(3);
    assertThat(r.err).contains("on dst", "Nothing was changed", "systemctl enable --now libvirtd");
    assertThat(Files.readString(state())).doesNotContain("/run/vfmigrate/claims", "hostdev");
  }

  @Test
  void hostileInventoriesAreRefusedAsInvalidInput() throws Exception {
    Path dup = home.resolve("dup.yaml");
    Files.writeString(dup, "hosts:\n  src:\n    pf: 0000:e1:00.0\n  src:\n    pf: 0000:e1:00.0\n");
    Path ping = home.resolve("ping.yaml");
    Files.writeString(ping, "hosts:\n  src:\n    pf: 0000:e1:00.0\n    ping_target: -f\n");
    Path nulls = home.resolve("nulls.yaml");
    Files.writeString(
        nulls, "hosts:\n  src:\n    pf: 0000:e1:00.0\n    accept_new_host_key: null\n");
    String[][] cases = {
      {dup.toString(), "Duplicate field 'src'"},
      {ping.toString(), "Invalid IPv4 address '-f'"},
      {nulls.toString(), "accept_new_host_key"},
      {"/dev/zero", "not a regular file"},
      {home.toString(), "not a regular file"},
    };
    for (String[] c : cases) {
      CliRun r = CliRun.run(home, "check", "--inventory", c[0]);
      assertThat(r.exitCode).as(r.toString()).isEqualTo(2);
      assertThat(r.err).as(r.toString()).contains(c[1]);
    }
  }

  @Test
  void controlCharactersInEchoedValuesAreEscapedAndLongOnesShortened() {
    CliRun r = CliRun.run(home, "lab", "reboot", "bad\u001b[2Jname" + "x".repeat(500));
    assertThat(r.exitCode).isEqualTo(2);
    assertThat(r.err).contains("bad\\x1b[2Jname").contains("(511 characters)");
    assertThat(r.err).doesNotContain("\u001b").doesNotContain("x".repeat(100));
  }
}
