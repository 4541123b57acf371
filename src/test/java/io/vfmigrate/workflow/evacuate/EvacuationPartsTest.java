package io.vfmigrate.workflow.evacuate;

import static org.assertj.core.api.Assertions.assertThat;

import io.vfmigrate.host.Fleet;
import io.vfmigrate.testing.TestLab;
import io.vfmigrate.workflow.evacuate.EvacuationPlan.Move;
import io.vfmigrate.workflow.event.EventSink;
import io.vfmigrate.workflow.migrate.PredictedTimes;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The evacuation's arithmetic: its lower bound and how many migrations its lanes let run. */
class EvacuationPartsTest {
  private static final long GB = 1_000_000_000L;

  private static Move move(String vm, int vfs, long memory, long device, long predictedMs) {
    return new Move(
        vm,
        "dst",
        vfs,
        memory,
        device,
        new PredictedTimes(predictedMs, predictedMs, predictedMs, 100, 100, 100, true, "test"));
  }

  private static Moved moved(
      String vm, String outcome, Optional<Long> device, Optional<Boolean> ok) {
    return new Moved(
        vm,
        "dst",
        outcome,
        0,
        1,
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        device,
        ok,
        Optional.empty(),
        "dst",
        "");
  }

  @Test
  void theLowerBoundIsEveryByteOverTheLinkOrTheLongestMigrationWhicheverIsLonger() {
    List<Move> moves = List.of(move("a", 1, 4 * GB, GB, 1000), move("b", 1, 4 * GB, GB, 2000));
    // 10 GB over 1 GB/s: 10 s, longer than the longest migration (2 s).
    assertThat(LowerBound.of(moves, Map.of(), GB)).isEqualTo(10_000);
    // 10 GB over 10 GB/s: 1 s, shorter than the longest migration.
    assertThat(LowerBound.of(moves, Map.of(), 10 * GB)).isEqualTo(2_000);
    // An unknown link: the longest migration.
    assertThat(LowerBound.of(moves, Map.of(), 0)).isEqualTo(2_000);
    // Rounded up to the next millisecond.
    assertThat(LowerBound.of(List.of(move("c", 1, 1, 0, 0)), Map.of(), GB)).isEqualTo(1);
    assertThat(LowerBound.of(List.of(), Map.of(), GB)).isZero();
  }

  @Test
  void theLowerBoundUsesTheDeviceStateAMigrationMeasuredInsteadOfThePrediction() {
    List<Move> moves = List.of(move("a", 1, 4 * GB, GB, 0), move("b", 1, 4 * GB, GB, 0));
    Map<String, Moved> done =
        Map.of(
            "a", moved("a", "migrated", Optional.of(3 * GB), Optional.of(true)),
            "b", moved("b", "migrated", Optional.empty(), Optional.of(true)));
    // a: 4 + 3 measured; b: 4 + 1 predicted (nothing measured).
    assertThat(LowerBound.of(moves, done, GB)).isEqualTo(12_000);
  }

  @Test
  void aMigrationIsSettledOnlyWhenItMigratedAndWasNotFoundBroken() {
    assertThat(moved("a", "migrated", Optional.empty(), Optional.of(true)).settled()).isTrue();
    assertThat(moved("a", "migrated", Optional.empty(), Optional.empty()).settled()).isTrue();
    assertThat(moved("a", "migrated", Optional.empty(), Optional.of(false)).settled()).isFalse();
    assertThat(moved("a", "rolled-back", Optional.empty(), Optional.empty()).settled()).isFalse();
    assertThat(moved("a", "rolled-back", Optional.empty(), Optional.empty()).migrated()).isFalse();
  }

  @Test
  void lanesHoldAtMostFourVfsPerPfAndAtMostMaxParallelMigrations() {
    Fleet fleet = TestLab.fleet(TestLab.defaultLab(), EventSink.none());
    Lanes lanes = new Lanes(fleet, "src", 64);
    Move one = move("a", 1, 0, 0, 0);
    Move three = move("b", 3, 0, 0, 0);
    Move two = move("c", 2, 0, 0, 0);
    lanes.take(one);
    assertThat(lanes.fits(three)).as("1 + 3 VFs on the PFs").isTrue();
    lanes.take(three);
    assertThat(lanes.running()).isEqualTo(2);
    assertThat(lanes.fits(one)).as("a fifth VF on src's PF").isFalse();
    lanes.give(one);
    assertThat(lanes.running()).isEqualTo(1);
    assertThat(lanes.fits(one)).isTrue();
    assertThat(lanes.fits(two)).as("3 + 2 VFs").isFalse();
    lanes.give(three);
    assertThat(lanes.fits(move("d", 4, 0, 0, 0))).isTrue();
    assertThat(lanes.fits(move("e", 5, 0, 0, 0))).isFalse();

    Lanes two_at_once = new Lanes(fleet, "src", 2);
    two_at_once.take(one);
    assertThat(two_at_once.fits(one)).isTrue();
    two_at_once.take(one);
    assertThat(two_at_once.fits(one)).as("max-parallel 2 reached").isFalse();
    two_at_once.give(one);
    assertThat(two_at_once.fits(one)).isTrue();
  }
}
