package io.vfmigrate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vfmigrate.journal.sqlite.SqliteJournal;
import io.vfmigrate.lab.Lab;
import io.vfmigrate.lab.LabStore;
import io.vfmigrate.lab.state.LabSpec;
import io.vfmigrate.lab.state.VmSpec;
import io.vfmigrate.workflow.claims.ControlProcess;
import io.vfmigrate.workflow.journal.OperationKind;
import io.vfmigrate.workflow.journal.OperationStart;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code vfmigrate recover} prints, as text and as JSON, and its exit code: 0 when all is
 * consistent, 5 when a person must decide.
 */
class RecoverCommandTest {
  @TempDir Path home;

  @BeforeEach
  void prepareTheLab() {
    for (String[] args :
        List.of(
            new String[] {"lab", "init"},
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

  /** A migration of vm1 by a process of this machine that is gone, killed in its transfer. */
  private String interruptedMigration() throws Exception {
    try (SqliteJournal journal = SqliteJournal.open(home.resolve("journal.db"))) {
      String id =
          journal.begin(
              new OperationStart(
                  OperationKind.MIGRATE,
                  Optional.of("vm1"),
                  List.of("src", "dst"),
                  Instant.now(),
                  ControlProcess.current().machine(),
                  Integer.MAX_VALUE - 13,
                  "migrate vm1 --from src --to dst"));
      journal.stepStarted(
          id,
          "src",
          "migrate vm1 to dst",
          "virsh migrate --live vm1 qemu+ssh://dst/system",
          Instant.now());
      return id;
    }
  }

  private static VmSpec copy(String state) {
    VmSpec v = new VmSpec();
    v.name = "vm1";
    v.state = state;
    return v;
  }

  @Test
  void nothingToRecoverIsSaidAndExitsZero() {
    CliRun r = CliRun.run(home, "recover");

    assertThat(r.exitCode).as(r.toString()).isZero();
    assertThat(r.out).isEqualTo("Nothing to recover: every journaled operation has ended.\n");
  }

  @Test
  void twoRunningCopiesExitFiveAndSayWhatAPersonMustDecide() throws Exception {
    String id = interruptedMigration();
    change(spec -> spec.hosts.get("dst").vms.add(copy("running")));

    CliRun r = CliRun.run(home, "recover");

    assertThat(r.exitCode).as(r.toString()).isEqualTo(5);
    assertThat(r.out)
        .contains(
            id
                + "  migrate vm1: none (needs attention)\n"
                + "    vm1 is running on src and running on dst: two copies run; vfmigrate"
                + " destroys neither (decide which to keep, then virsh destroy the other)\n")
        .endsWith("Something needs a person: see the detail above.\n");

    CliRun json = CliRun.run(home, "recover", "--json");
    assertThat(json.exitCode).isEqualTo(5);
    JsonNode doc = new ObjectMapper().readTree(json.out);
    assertThat(doc.get("ok").asBoolean()).isFalse();
    assertThat(doc.get("dry_run").asBoolean()).isFalse();
    JsonNode op = doc.get("operations").get(0);
    assertThat(op.get("id").asText()).isEqualTo(id);
    assertThat(op.get("kind").asText()).isEqualTo("migrate");
    assertThat(op.get("vm").asText()).isEqualTo("vm1");
    assertThat(op.get("action").asText()).isEqualTo("none");
    assertThat(op.get("needs_attention").asBoolean()).isTrue();
  }

  @Test
  void aDryRunSaysWhatWouldBeDoneThenTheRunDoesIt() throws Exception {
    String id = interruptedMigration();
    change(spec -> spec.hosts.get("dst").vms.add(copy("paused")));

    CliRun dry = CliRun.run(home, "recover", "--dry-run");

    assertThat(dry.exitCode).as(dry.toString()).isZero();
    assertThat(dry.out)
        .startsWith(
            id + "  migrate vm1: would be undone\n    vm1 is running on src and paused on dst")
        .endsWith("All consistent.\n");

    CliRun r = CliRun.run(home, "recover", "--json");

    assertThat(r.exitCode).as(r.toString()).isZero();
    JsonNode doc = new ObjectMapper().readTree(r.out);
    assertThat(doc.get("ok").asBoolean()).isTrue();
    assertThat(doc.get("operations").get(0).get("action").asText()).isEqualTo("undone");
    assertThat(doc.get("operations").get(0).get("needs_attention").asBoolean()).isFalse();
    assertThat(CliRun.run(home, "recover").out)
        .isEqualTo("Nothing to recover: every journaled operation has ended.\n");
  }
}
