package io.vfmigrate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.vfmigrate.workflow.migrate.MigrateRequest;
import io.vfmigrate.workflow.migrate.MigrationOutcome;
import io.vfmigrate.workflow.migrate.MigrationResult;
import io.vfmigrate.workflow.migrate.Refusal;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LabCommandTest {
  @TempDir Path home;

  @Test
  void resetReturnsToTheStateOfInit() {
    assertThat(CliRun.run(home, "lab", "init").exitCode).isZero();
    assertThat(CliRun.run(home, "prepare", "--host", "src").exitCode).isZero();
    assertThat(CliRun.run(home, "lab", "show").out).contains("eswitch switchdev");
    assertThat(CliRun.run(home, "lab", "reset").exitCode).isZero();
    assertThat(CliRun.run(home, "lab", "show").out)
        .contains("eswitch legacy")
        .doesNotContain("eswitch switchdev");
  }

  @Test
  void showOnAFreshHomeCreatesTheBuiltInLabAsAnyCommandDoes() {
    CliRun r = CliRun.run(home, "lab", "show");
    assertThat(r.exitCode).as(r.toString()).isZero();
    assertThat(r.out)
        .startsWith("Created the built-in lab under " + home.resolve("lab"))
        .contains("eswitch legacy");
    assertThat(CliRun.run(home, "lab", "show").out).doesNotContain("Created");
  }

  @Test
  void showAsJsonOnAFreshHomePrintsOnlyTheLab() throws Exception {
    CliRun r = CliRun.run(home, "lab", "show", "--json");
    assertThat(r.exitCode).as(r.toString()).isZero();
    assertThat(new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.out).has("hosts"))
        .isTrue();
  }

  @Test
  void resetAndRebootOnAFreshHomeWorkOnTheBuiltInLab() {
    assertThat(CliRun.run(home, "lab", "reset").exitCode).isZero();
    Path other = home.resolve("other");
    assertThat(CliRun.run(other, "lab", "reboot", "dst").exitCode).isZero();
  }

  @Test
  void rebootOfAnUnknownHostIsAUsageError() {
    CliRun.run(home, "lab", "init");
    assertThat(CliRun.run(home, "lab", "reboot", "nosuch").exitCode).isEqualTo(2);
    assertThat(CliRun.run(home, "lab", "reboot", "dst").exitCode).isZero();
  }

  @Test
  void demoRunsTheWholeProcedure() {
    CliRun r = CliRun.run(home, "lab", "demo");
    assertThat(r.exitCode).as(r.toString()).isZero();
    assertThat(r.out)
        .contains(
            "== 1. Preflight", "Prepare src", "Attach a VF", "migrated", "verified in guest yes")
        .contains("$ virsh migrate --live --persistent --undefinesource --verbose");
  }

  @Test
  void benchPrintsItsNumbers() {
    CliRun r = CliRun.run(home, "lab", "bench", "--runs", "1");
    assertThat(r.exitCode).as(r.toString()).isZero();
    assertThat(r.out).contains("wall ms", "virtual ms", "64GiB");
    // 4 sizes x switchover-ack on/off, each a row of figures with a measured downtime.
    java.util.List<String> rows =
        r.out.lines().filter(l -> l.matches("\\d+GiB +(on|off) .*")).toList();
    assertThat(rows).hasSize(8);
    assertThat(rows)
        .allSatisfy(
            l -> assertThat(l).matches("\\S+ +(on|off) +\\d+ +\\d+ +[1-9]\\d* +\\d+ +[1-9]\\d*"));
  }

  @Test
  void benchShowsARefusedRunAsRefusedNotAsFigures() {
    MigrationResult refused =
        MigrationResult.builder(
                MigrateRequest.builder("vm1", "src", "dst").build(), MigrationOutcome.REFUSED)
            .refusals(
                List.of(
                    new Refusal(
                        "destination-vf", "dst has 0 free prepared VFs", "vfmigrate prepare")))
            .build();
    assertThat(LabBench.row("8GiB", true, 12, refused))
        .isEqualTo("8GiB     on             refused: destination-vf: dst has 0 free prepared VFs");
  }
}
