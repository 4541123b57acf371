package io.vfmigrate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vfmigrate.workflow.evacuate.EvacuationPlan;
import io.vfmigrate.workflow.evacuate.EvacuationResult;
import io.vfmigrate.workflow.evacuate.Moved;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The end of an evacuation cancelled before its first migration began, as evacuate prints it. */
class EvacuationRendererTest {
  private static Moved notStarted(String vm, long atMs) {
    return Moved.withoutFigures(
        vm,
        "dst",
        Moved.NOT_STARTED,
        atMs,
        atMs,
        Optional.empty(),
        "src",
        "cancelled before its turn");
  }

  private static final EvacuationResult CANCELLED =
      new EvacuationResult(
          EvacuationResult.Outcome.REFUSED,
          new EvacuationPlan("src", List.of(), List.of(), List.of(), 12_500_000_000L),
          List.of(notStarted("vm1", 1200), notStarted("vm2", 1200)),
          Optional.empty(),
          0);

  private static String printed(boolean json) {
    StringWriter s = new StringWriter();
    EvacuationRenderer.result(new PrintWriter(s), CANCELLED, Optional.of("op-1"), json);
    return s.toString();
  }

  @Test
  void theTextSaysNoMigrationBeganInsteadOfAZeroMakespan() {
    assertThat(printed(false))
        .isEqualTo(
            String.join(
                System.lineSeparator(),
                "",
                "Where each VM is:",
                "  vm1 on src (not-started): cancelled before its turn",
                "  vm2 on src (not-started): cancelled before its turn",
                "No migration began: cancelled before the first one started; nothing was"
                    + " changed.",
                "Journal: vfmigrate history op-1",
                "Outcome: refused",
                ""));
  }

  @Test
  void theJsonHasNoStartEndOrMakespanForMigrationsThatNeverBegan() throws Exception {
    JsonNode r = new ObjectMapper().readTree(printed(true));
    assertThat(r.get("makespan_ms").isNull()).isTrue();
    assertThat(r.get("migrations")).hasSize(2);
    for (JsonNode m : r.get("migrations")) {
      assertThat(m.get("outcome").asText()).isEqualTo("not-started");
      assertThat(m.get("started_ms").isNull()).as(m.toString()).isTrue();
      assertThat(m.get("ended_ms").isNull()).as(m.toString()).isTrue();
    }
  }
}
