package io.vfmigrate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MigrateCommandTest {
  @TempDir Path home;
  private final ObjectMapper json = new ObjectMapper();

  @BeforeEach
  void prepareAndAttach() {
    assertThat(CliRun.run(home, "prepare", "--host", "src").exitCode).isZero();
    assertThat(CliRun.run(home, "prepare", "--host", "dst").exitCode).isZero();
    assertThat(CliRun.run(home, "attach", "vm1", "--host", "src").exitCode).isZero();
  }

  private JsonNode lastLine(String out) throws Exception {
    List<String> lines = out.lines().filter(l -> !l.isBlank()).toList();
    return json.readTree(lines.get(lines.size() - 1));
  }

  @Test
  void migrateJsonReportsTheResultAndVerifyPassesOnTheDestination() throws Exception {
    CliRun r = CliRun.run(home, "migrate", "vm1", "--from", "src", "--to", "dst", "--json");
    assertThat(r.exitCode).as(r.toString()).isZero();
    JsonNode result = lastLine(r.out);
    assertThat(result.get("outcome").asText()).isEqualTo("migrated");
    assertThat(result.get("device_state_bytes").asLong()).isEqualTo(330_000_000L);
    assertThat(result.get("ram_bytes").asLong()).isGreaterThanOrEqualTo(8L << 30);
    assertThat(result.get("downtime_ms").asLong())
        .isPositive()
        .isLessThan(result.get("total_time_ms").asLong());
    assertThat(result.get("verified").asBoolean()).isTrue();
    assertThat(result.get("verified_interface").asText()).isEqualTo("vf");
    assertThat(r.out.lines().filter(l -> l.contains("\"event\":\"progress\""))).isNotEmpty();

    CliRun verify = CliRun.run(home, "verify", "vm1");
    assertThat(verify.exitCode).as(verify.toString()).isZero();
    assertThat(verify.out).contains("0% packet loss");
    assertThat(verify.out).contains(": VF interface ");
    CliRun json = CliRun.run(home, "verify", "vm1", "--json");
    assertThat(
            new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(json.out)
                .get("checked")
                .asText())
        .isEqualTo("vf");
  }

  @Test
  void aDryRunPredictsFromTheJournalsPastMigrationsAndRecordsNothing() throws Exception {
    CliRun there = CliRun.run(home, "migrate", "vm1", "--from", "src", "--to", "dst", "--json");
    assertThat(there.exitCode).as(there.toString()).isZero();
    JsonNode done = lastLine(there.out);
    CliRun before = CliRun.run(home, "history");

    CliRun plan = CliRun.run(home, "migrate", "vm1", "--from", "dst", "--to", "src", "--dry-run");

    assertThat(plan.exitCode).as(plan.toString()).isZero();
    // The last migration's actual figures against the model's own for it (journaled beside the
    // prediction) calibrate this one.
    long missed = done.get("total_time_ms").asLong() - done.get("model_total_ms").asLong();
    assertThat(plan.out)
        .contains("device state from the last migration")
        .contains(
            "calibrated on the last migration between dst and src: the model was "
                + (missed >= 0 ? missed + " ms short of" : -missed + " ms over")
                + " their total time");
    assertThat(CliRun.run(home, "history").out).isEqualTo(before.out);
  }

  /** The lab's fault: the destination's QEMU dies during vm1's next migration. */
  private void destinationQemuDies() {
    io.vfmigrate.lab.Lab lab = io.vfmigrate.lab.Lab.open(new io.vfmigrate.lab.LabStore(home));
    io.vfmigrate.lab.state.FaultSpec f = new io.vfmigrate.lab.state.FaultSpec();
    f.vm = "vm1";
    f.migrationFault = "destination_qemu_dies";
    lab.exclusive(() -> lab.spec().hosts.get("src").faults.add(f));
  }

  @Test
  void aTransferKilledBeforeQemuReportedProgressLeavesItsRamAndIterationsUnknown()
      throws Exception {
    destinationQemuDies();
    CliRun r = CliRun.run(home, "migrate", "vm1", "--from", "src", "--to", "dst", "--json");
    assertThat(r.exitCode).as(r.toString()).isEqualTo(4);
    JsonNode result = lastLine(r.out);
    assertThat(result.get("outcome").asText()).isEqualTo("rolled-back");
    assertThat(result.get("total_time_ms").asLong()).as("the transfer ran").isPositive();
    for (String unknown :
        List.of(
            "ram_bytes",
            "iterations",
            "libvirt_reported_bytes",
            "downtime_ms",
            "device_state_bytes")) {
      assertThat(result.get(unknown).isNull()).as(unknown + " in " + result).isTrue();
    }
    assertThat(result.get("unknown_why").asText())
        .isEqualTo("RAM sent: the job ended before QEMU reported its progress (query-migrate)");
    assertThat(result.get("parallel_connections").asInt())
        .as("the channels virsh migrate was given")
        .isEqualTo(8);
    assertThat(result.get("predicted_total_ms").isNull()).as("it was predicted").isFalse();

    destinationQemuDies();
    CliRun human = CliRun.run(home, "migrate", "vm1", "--from", "src", "--to", "dst");
    assertThat(human.exitCode).as(human.toString()).isEqualTo(4);
    assertThat(human.out)
        .contains(
            "  RAM sent          unknown\n"
                + "  unknown because   RAM sent: the job ended before QEMU reported its progress"
                + " (query-migrate)\n")
        .doesNotContain("RAM sent          0");
    CliRun history = CliRun.run(home, "history");
    assertThat(history.out.lines().filter(l -> l.contains(" migrate ")))
        .hasSize(2)
        .allSatisfy(l -> assertThat(l).endsWith("rolled-back  -         -"));
  }

  @Test
  void aDestinationWhoseLibvirtIsStoppedIsRefusedAsLibvirtRunningWithExit3() {
    io.vfmigrate.lab.Lab lab = io.vfmigrate.lab.Lab.open(new io.vfmigrate.lab.LabStore(home));
    lab.exclusive(() -> lab.spec().hosts.get("dst").services.put("libvirtd", "inactive"));
    CliRun r = CliRun.run(home, "migrate", "vm1", "--from", "src", "--to", "dst");
    assertThat(r.exitCode).as(r.toString()).isEqualTo(3);
    assertThat(r.out)
        .endsWith(
            String.join(
                System.lineSeparator(),
                "vm1 cannot migrate from src to dst:",
                "  - dst: libvirt does not answer: 'virsh version' failed on dst (exit 1): error:"
                    + " failed to connect to the hypervisor",
                "    error: Failed to connect socket to '/var/run/libvirt/virtqemud-sock': No such"
                    + " file or directory [libvirt-running]",
                "    fix: systemctl enable --now libvirtd",
                "Nothing was changed.",
                ""));
  }

  @Test
  void postcopyIsRefusedWithExit3() throws Exception {
    CliRun r =
        CliRun.run(home, "migrate", "vm1", "--from", "src", "--to", "dst", "--postcopy", "--json");
    assertThat(r.exitCode).as(r.toString()).isEqualTo(3);
    assertThat(lastLine(r.out).get("outcome").asText()).isEqualTo("refused");
    CliRun human =
        CliRun.run(home, "migrate", "vm1", "--from", "src", "--to", "dst", "--timeout-postcopy");
    assertThat(human.exitCode).isEqualTo(3);
    assertThat(human.out).contains("post-copy", "fix:", "Nothing was changed.");
  }

  @Test
  void aDryRunPrintsTheXmlAndTheCommand() {
    CliRun r = CliRun.run(home, "migrate", "vm1", "--from", "src", "--to", "dst", "--dry-run");
    assertThat(r.exitCode).as(r.toString()).isZero();
    assertThat(r.out).contains("Guards: all pass.", "<interface type", "virsh migrate --live");
  }

  @Test
  void verifyPassesOnTheSourceAndRefusesABadTarget() {
    CliRun r = CliRun.run(home, "verify", "vm1", "--host", "src", "--target", "192.168.3.1");
    assertThat(r.exitCode).as(r.toString()).isZero();
    assertThat(CliRun.run(home, "verify", "vm1", "--target", "not-an-ip").exitCode).isEqualTo(2);
  }
}
