package io.vfmigrate.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vfmigrate.journal.sqlite.SqliteJournal;
import io.vfmigrate.workflow.journal.OperationKind;
import io.vfmigrate.workflow.journal.OperationRecord;
import io.vfmigrate.workflow.journal.StepRecord;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code evacuate} on the lab file an operator rehearses it with ({@code
 * examples/evacuate-six.yaml}): six VMs with a VF each on one PF of src.
 */
class EvacuateIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path home;

  private record Run(int exitCode, String out) {}

  @Test
  void sixVmsOfOnePfLeaveSrcVerifiedNeverMoreThanFourAtOnceCloseToTheLowerBound() throws Exception {
    setUp(6);
    Run r = vfmigrate("evacuate", "--host", "src", "--to", "dst", "--json");
    System.out.println(r.out());
    assertThat(r.exitCode()).as(r.out()).isZero();
    JsonNode result = last(r.out());
    assertThat(result.get("event").asText()).isEqualTo("result");
    assertThat(result.get("outcome").asText()).isEqualTo("evacuated");
    assertThat(result.get("migrations")).hasSize(6);
    for (JsonNode m : result.get("migrations")) {
      assertThat(m.get("outcome").asText()).as(m.toString()).isEqualTo("migrated");
      assertThat(m.get("destination").asText()).isEqualTo("dst");
      assertThat(m.get("verified").asBoolean()).as(m.toString()).isTrue();
      assertThat(m.get("ended_ms").asLong()).isGreaterThan(m.get("started_ms").asLong());
      assertThat(m.get("downtime_ms").asLong()).isPositive();
    }
    long makespan = result.get("makespan_ms").asLong();
    long bound = result.get("lower_bound_ms").asLong();
    double ratio = (double) makespan / bound;
    System.out.printf(
        "evacuation of 6 VMs: makespan %d ms, lower bound %d ms, ratio %.2f%n",
        makespan, bound, ratio);
    assertThat(ratio).isBetween(1.0, 1.3);
    assertThat(r.out().lines().filter(l -> l.contains("\"event\":\"started\""))).hasSize(6);

    String lab = vfmigrate("lab", "show").out();
    assertThat(lab.substring(lab.indexOf("Host dst")))
        .contains("VM vm1: running", "VM vm6: running");

    try (SqliteJournal journal = SqliteJournal.open(home.resolve("journal.db"))) {
      String id = result.get("operation").asText();
      OperationRecord evacuation = journal.operation(id).orElseThrow();
      assertThat(evacuation.kind()).isEqualTo(OperationKind.EVACUATE);
      assertThat(evacuation.end().orElseThrow().outcome()).isEqualTo("evacuated");
      assertThat(evacuation.end().get().totalTimeMs()).contains(makespan);
      assertThat(evacuation.end().get().detail()).startsWith("makespan_ms=" + makespan);
      List<OperationRecord> children = journal.children(id);
      assertThat(children).hasSize(6).allMatch(c -> c.kind() == OperationKind.MIGRATE);
      List<long[]> transfers = new ArrayList<>();
      for (OperationRecord c : children) {
        assertThat(c.end().orElseThrow().outcome()).isEqualTo("migrated");
        for (StepRecord s : journal.steps(c.id())) {
          if (s.description().startsWith("migrate vm")) {
            transfers.add(
                new long[] {s.started().toEpochMilli(), s.ended().orElseThrow().toEpochMilli()});
          }
        }
      }
      assertThat(transfers).hasSize(6);
      int most = ParallelMigrationsIT.maxOverlap(transfers);
      System.out.println("at most " + most + " transfers at once (cap 4)");
      assertThat(most).isBetween(2, 4);
    }
  }

  @Test
  void aVmWithoutAFreeVfIsNamedBeforeAnythingMovesAndTheOthersMoveWithExit5() throws Exception {
    setUp(5);
    Run plan = vfmigrate("evacuate", "--host", "src", "--dry-run");
    assertThat(plan.exitCode()).as(plan.out()).isEqualTo(3);
    assertThat(plan.out())
        .contains("vm6 stays on src: cannot move", "destination-vf", "Outcome: planned");

    Run r = vfmigrate("evacuate", "--host", "src", "--json");
    assertThat(r.exitCode()).as(r.out()).isEqualTo(5);
    List<String> lines = r.out().lines().toList();
    int named = indexOf(lines, "\"event\":\"cannot-move\"");
    assertThat(named).as(r.out()).isNotNegative();
    assertThat(lines.get(named)).contains("\"vm\":\"vm6\"");
    assertThat(named).isLessThan(indexOf(lines, "\"event\":\"started\""));
    JsonNode result = last(r.out());
    assertThat(result.get("outcome").asText()).isEqualTo("partial");
    assertThat(result.get("cannot_move").get(0).get("vm").asText()).isEqualTo("vm6");
    assertThat(result.get("migrations")).hasSize(5);
    for (JsonNode m : result.get("migrations")) {
      assertThat(m.get("where").asText()).isEqualTo("dst");
    }
  }

  private static int indexOf(List<String> lines, String text) {
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).contains(text)) {
        return i;
      }
    }
    return -1;
  }

  /** The six-VM lab with src and dst prepared ({@code dstVfs} VFs on dst) and a VF per VM. */
  private void setUp(int dstVfs) throws Exception {
    Run init = vfmigrate("lab", "init", "--from", Path.of("examples/evacuate-six.yaml").toString());
    assertThat(init.exitCode()).as(init.out()).isZero();
    assertThat(vfmigrate("prepare", "--host", "src", "--vfs", "6").exitCode()).isZero();
    assertThat(vfmigrate("prepare", "--host", "dst", "--vfs", "" + dstVfs).exitCode()).isZero();
    for (int i = 1; i <= 6; i++) {
      Run a = vfmigrate("attach", "vm" + i, "--host", "src");
      assertThat(a.exitCode()).as(a.out()).isZero();
    }
  }

  private static JsonNode last(String out) throws IOException {
    List<String> lines = out.lines().filter(l -> l.startsWith("{")).toList();
    return JSON.readTree(lines.get(lines.size() - 1));
  }

  private Run vfmigrate(String... args) throws IOException, InterruptedException {
    String jar = System.getProperty("vfmigrate.jar", "target/vfmigrate.jar");
    List<String> argv =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar));
    argv.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(argv).redirectErrorStream(true);
    pb.environment().put("VFMIGRATE_HOME", home.toString());
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(600, TimeUnit.SECONDS)).isTrue();
    return new Run(p.exitValue(), out);
  }
}
