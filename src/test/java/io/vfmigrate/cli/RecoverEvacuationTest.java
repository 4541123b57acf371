package io.vfmigrate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vfmigrate.journal.sqlite.SqliteJournal;
import io.vfmigrate.workflow.claims.ControlProcess;
import io.vfmigrate.workflow.journal.OperationKind;
import io.vfmigrate.workflow.journal.OperationRecord;
import io.vfmigrate.workflow.journal.OperationStart;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An evacuation whose process died: recover settles its migrations, then the evacuation. */
class RecoverEvacuationTest {
  @TempDir Path home;

  /** The start of {@code evacuate --host src} by a process that has died since. */
  private static OperationStart evacuationOfADeadProcess() {
    return new OperationStart(
        OperationKind.EVACUATE,
        Optional.empty(),
        List.of("src", "dst"),
        Instant.now(),
        ControlProcess.current().machine(),
        Integer.MAX_VALUE - 11,
        "evacuate --host src");
  }

  @Test
  void anEvacuationKilledBeforeAnyMigrationBeganSaysSoWhereverItsEndIsShown() throws Exception {
    String parent;
    try (SqliteJournal journal = SqliteJournal.open(home.resolve("journal.db"))) {
      parent = journal.begin(evacuationOfADeadProcess());
    }
    String detail =
        "interrupted evacuation of src: no migration had begun; still running on src: vm1";

    CliRun r = CliRun.run(home, "recover", "--json");
    assertThat(r.exitCode).as(r.toString()).isZero();
    JsonNode ops = new ObjectMapper().readTree(r.out).get("operations");
    assertThat(ops).hasSize(1);
    assertThat(ops.get(0).get("detail").asText()).isEqualTo(detail);
    CliRun history = CliRun.run(home, "history", parent);
    assertThat(history.out)
        .contains("  detail     settled by vfmigrate recover (")
        .contains("): " + detail + System.lineSeparator());
  }

  @Test
  void anInterruptedEvacuationEndsPartialOnceItsMigrationIsUndone() throws Exception {
    assertThat(CliRun.run(home, "prepare", "--host", "src").exitCode).isZero();
    assertThat(CliRun.run(home, "prepare", "--host", "dst").exitCode).isZero();
    assertThat(CliRun.run(home, "attach", "vm1", "--host", "src").exitCode).isZero();
    String machine = ControlProcess.current().machine();
    long deadPid = Integer.MAX_VALUE - 11;
    String parent;
    String child;
    try (SqliteJournal journal = SqliteJournal.open(home.resolve("journal.db"))) {
      parent = journal.begin(evacuationOfADeadProcess());
      child =
          journal.begin(
              new OperationStart(
                      OperationKind.MIGRATE,
                      Optional.of("vm1"),
                      List.of("src", "dst"),
                      Instant.now(),
                      machine,
                      deadPid,
                      "migrate vm1 --from src --to dst")
                  .withParent(parent));
    }
    // Until it is settled, the hosts are not changed under it.
    CliRun blocked = CliRun.run(home, "evacuate", "--host", "src");
    assertThat(blocked.exitCode).as(blocked.toString()).isEqualTo(3);
    assertThat(blocked.err).contains("vfmigrate recover");

    CliRun r = CliRun.run(home, "recover", "--json");
    assertThat(r.exitCode).as(r.toString()).isZero();
    JsonNode ops = new ObjectMapper().readTree(r.out).get("operations");
    assertThat(ops).hasSize(2);
    assertThat(ops.get(0).get("id").asText()).isEqualTo(child);
    assertThat(ops.get(1).get("id").asText()).isEqualTo(parent);
    assertThat(ops.get(1).get("detail").asText())
        .contains("vm1 rolled-back", "still running on src: vm1");
    try (SqliteJournal journal = SqliteJournal.open(home.resolve("journal.db"))) {
      OperationRecord evacuation = journal.operation(parent).orElseThrow();
      assertThat(evacuation.end().orElseThrow().outcome()).isEqualTo("partial");
      assertThat(journal.operation(child).orElseThrow().end().orElseThrow().outcome())
          .isEqualTo("rolled-back");
    }
  }
}
