package io.vfmigrate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vfmigrate.lab.Lab;
import io.vfmigrate.lab.LabStore;
import io.vfmigrate.lab.state.FaultSpec;
import io.vfmigrate.lab.state.LabSpec;
import io.vfmigrate.workflow.migrate.MigrateRequest;
import io.vfmigrate.workflow.migrate.MigrationOutcome;
import io.vfmigrate.workflow.migrate.MigrationResult;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code migrate}'s options through the CLI: each changes what happens, and the exit code says how
 * it ended (0 migrated, 3 refused, 4 rolled back, 5 needs a person).
 */
class MigrateOptionsTest {
  @TempDir Path home;
  private final ObjectMapper json = new ObjectMapper();

  @BeforeEach
  void prepareAndAttach() {
    for (String[] args :
        List.of(
            new String[] {"prepare", "--host", "src"},
            new String[] {"prepare", "--host", "dst"},
            new String[] {"attach", "vm1", "--host", "src"})) {
      CliRun r = CliRun.run(home, args);
      assertThat(r.exitCode).as(r.toString()).isZero();
    }
  }

  private void change(Consumer<LabSpec> change) {
    Lab lab = Lab.open(new LabStore(home));
    lab.exclusive(() -> change.accept(lab.spec()));
  }

  private JsonNode result(CliRun r) throws Exception {
    List<String> lines = r.out.lines().filter(l -> l.contains("\"event\":\"result\"")).toList();
    assertThat(lines).as(r.toString()).hasSize(1);
    return json.readTree(lines.get(0));
  }

  private static CliRun migrate(Path home, String... options) {
    List<String> args = new java.util.ArrayList<>(List.of("migrate", "vm1", "--from", "src"));
    args.addAll(List.of("--to", "dst"));
    args.addAll(List.of(options));
    return CliRun.run(home, args.toArray(String[]::new));
  }

  @Test
  void tunnelledIsRefusedWithExit3AndNothingChanges() throws Exception {
    LabSpec initial = new LabStore(home).load();
    String before = io.vfmigrate.testing.MigrationFixture.unchanged(initial);
    CliRun r = migrate(home, "--tunnelled", "--json");
    assertThat(r.exitCode).as(r.toString()).isEqualTo(3);
    JsonNode result = result(r);
    assertThat(result.get("outcome").asText()).isEqualTo("refused");
    assertThat(result.get("refusals").get(0).get("guard").asText()).isEqualTo("tunnelled");
    List<String> keys = new java.util.ArrayList<>();
    result.get("refusals").get(0).fieldNames().forEachRemaining(keys::add);
    assertThat(keys)
        .as("a refusal's keys in one order on every run")
        .containsExactly("guard", "reason", "fix");
    assertThat(result.get("downtime_ms").isNull()).isTrue();
    LabSpec after = new LabStore(home).load();
    after.revision = initial.revision;
    assertThat(io.vfmigrate.testing.MigrationFixture.unchanged(after))
        .as("nothing changed")
        .isEqualTo(before);
  }

  @Test
  void postcopyAfterPrecopyIsRefusedWithExit3() throws Exception {
    CliRun r = migrate(home, "--postcopy-after-precopy", "--json");
    assertThat(r.exitCode).as(r.toString()).isEqualTo(3);
    assertThat(result(r).get("refusals").get(0).get("guard").asText()).isEqualTo("postcopy");
  }

  @Test
  void aTimeoutTooShortRollsBackWithExit4AndSaysSo() throws Exception {
    change(spec -> spec.hosts.get("src").vms.get(0).dirtyRate = "20GiB/s");
    CliRun r = migrate(home, "--timeout", "20", "--json");
    assertThat(r.exitCode).as(r.toString()).isEqualTo(4);
    JsonNode result = result(r);
    assertThat(result.get("outcome").asText()).isEqualTo("rolled-back");
    assertThat(result.get("error").asText())
        .startsWith("the migration did not finish within 20 s; vm1 runs on src with its VF");
    assertThat(result.get("downtime_ms").isNull()).isTrue();
  }

  @Test
  void maxDowntimeCapsHowFarTheDowntimeLimitIsRaised() {
    change(spec -> spec.hosts.get("src").vms.get(0).dirtyRate = "20GiB/s");
    CliRun r = migrate(home, "--timeout", "60", "--max-downtime", "400");
    assertThat(r.exitCode).as(r.toString()).isEqualTo(4);
    assertThat(r.out + r.err)
        .contains("allowed downtime raised to 400 ms")
        .doesNotContain("allowed downtime raised to 500 ms");
  }

  @Test
  void aDowntimeNobodyReportedIsNullInJsonAndUnknownInTheSummary() throws Exception {
    change(
        spec -> {
          FaultSpec fault = new FaultSpec();
          fault.command = "virsh domjobinfo vm1 --completed";
          fault.stderr = "error: failed to get domain 'vm1'\n";
          fault.times = 2;
          spec.hosts.get("dst").faults.add(fault);
        });
    CliRun r = migrate(home, "--json");
    assertThat(r.exitCode).as(r.toString()).isZero();
    JsonNode result = result(r);
    assertThat(result.get("outcome").asText()).isEqualTo("migrated");
    assertThat(result.has("downtime_ms")).isTrue();
    assertThat(result.get("downtime_ms").isNull()).isTrue();
    assertThat(result.get("unknown_why").asText())
        .startsWith("downtime: virsh domjobinfo --completed on dst failed: ");
  }

  @Test
  void theHumanSummaryOfAnUnknownDowntimeSaysUnknownAndWhy() {
    change(
        spec -> {
          FaultSpec fault = new FaultSpec();
          fault.command = "virsh domjobinfo vm1 --completed";
          fault.exitCode = 0;
          fault.stdout =
              "Job type: 3\n\noperation: 4\ntime_elapsed: 976\nmemory_processed: 105269330\n";
          fault.times = 2;
          spec.hosts.get("dst").faults.add(fault);
        });
    CliRun r = migrate(home);
    assertThat(r.exitCode).as(r.toString()).isZero();
    assertThat(r.out)
        .contains("  downtime          unknown\n")
        .contains(
            "  unknown because   downtime: libvirt's completed job statistics on dst have no"
                + " 'downtime'")
        .doesNotContain("downtime          0 ms");
  }

  @Test
  void aSourceVfNotPreparedAgainAfterTheSwitchoverIsMigratedButNeedsAttention() throws Exception {
    change(
        spec -> {
          FaultSpec down = new FaultSpec();
          down.command = "virsh nodedev-detach pci_0000_e1_00_1";
          down.stderr =
              "error: failed to connect to the hypervisor\n"
                  + "error: Failed to connect socket to '/var/run/libvirt/virtqemud-sock': No such"
                  + " file or directory\n";
          spec.hosts.get("src").faults.add(down);
        });
    CliRun r = migrate(home, "--json");
    assertThat(r.exitCode).as(r.toString()).isEqualTo(5);
    JsonNode result = result(r);
    assertThat(result.get("outcome").asText()).isEqualTo("migrated");
    assertThat(result.get("verified").asBoolean()).isTrue();
    assertThat(result.get("error").asText())
        .contains("the source VF was not prepared again")
        .contains("nodedev-detach pci_0000_e1_00_1")
        .contains("fix: vfmigrate prepare --host src");
    CliRun again = CliRun.run(home, "prepare", "--host", "src");
    assertThat(again.exitCode).as(again.toString()).isZero();
    assertThat(again.out).contains("detach VF 0 (0000:e1:00.1)");
  }

  @Test
  void eachOutcomeHasItsExitCode() {
    assertThat(MigrateCommand.exitCode(result(MigrationOutcome.MIGRATED))).isZero();
    assertThat(MigrateCommand.exitCode(result(MigrationOutcome.REFUSED))).isEqualTo(3);
    assertThat(MigrateCommand.exitCode(result(MigrationOutcome.ROLLED_BACK))).isEqualTo(4);
    assertThat(MigrateCommand.exitCode(result(MigrationOutcome.FAILED))).isEqualTo(5);
  }

  private static MigrationResult result(MigrationOutcome outcome) {
    return MigrationResult.builder(MigrateRequest.builder("vm1", "src", "dst").build(), outcome)
        .build();
  }
}
