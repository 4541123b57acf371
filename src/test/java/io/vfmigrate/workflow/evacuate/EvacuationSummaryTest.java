package io.vfmigrate.workflow.evacuate;

import static org.assertj.core.api.Assertions.assertThat;

import io.vfmigrate.workflow.evacuate.EvacuationSummary.Placement;
import io.vfmigrate.workflow.evacuate.EvacuationSummary.Stay;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The journal's form of an evacuation's end, written and read back. */
class EvacuationSummaryTest {
  @Test
  void theReadmesFormReadsAsFiguresAndPlacements() {
    EvacuationSummary s =
        EvacuationSummary.parse(
                "makespan_ms=27200 lower_bound_ms=22624; vm1 on dst (migrated); vm2 on src"
                    + " (rolled-back)")
            .orElseThrow();

    assertThat(s.makespanMs()).contains(27200L);
    assertThat(s.lowerBoundMs()).isEqualTo(22624);
    assertThat(s.placements())
        .containsExactly(
            new Placement("vm1", "dst", "migrated"), new Placement("vm2", "src", "rolled-back"));
    assertThat(s.stays()).isEmpty();
    assertThat(s.ratio().orElseThrow()).isBetween(1.2022, 1.2023);
  }

  @Test
  void aReasonWithSemicolonsAndParenthesesComesBackWhole() {
    EvacuationSummary s =
        new EvacuationSummary(
            Optional.empty(),
            9000,
            List.of(),
            List.of(
                new Stay("vm6", "src", "to dst: [destination-vf] 0 left (1 needed); to b: x"),
                new Stay("vm7", "src", "no other host to go to")));

    assertThat(s.text())
        .isEqualTo(
            "lower_bound_ms=9000; vm6 stays on src (cannot move: to dst: [destination-vf] 0 left"
                + " (1 needed); to b: x); vm7 stays on src (cannot move: no other host to go to)");
    assertThat(EvacuationSummary.parse(s.text())).contains(s);
  }

  @Test
  void recoversWordsAreNotASummary() {
    assertThat(
            EvacuationSummary.parse(
                "interrupted evacuation of src: vm1 rolled-back (20261203-074455-3f9a1c)"))
        .isEmpty();
    assertThat(EvacuationSummary.parse("")).isEmpty();
  }
}
