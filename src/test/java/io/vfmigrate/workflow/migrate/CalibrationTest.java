package io.vfmigrate.workflow.migrate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CalibrationTest {
  private static final PredictedTimes MODEL =
      new PredictedTimes(238, 238, 247, 5, 5, 8, true, "dirty rate not measured");

  @Test
  void withoutPastMigrationsTheModelStandsAsItIs() {
    assertThat(Calibration.apply(MODEL, List.of(), "src and dst")).isSameAs(MODEL);
  }

  @Test
  void oneRealLabMigrationMovesThePredictionByWhatTheModelMissed() {
    // The real lab: the model said 238 ms (downtime 5 ms); libvirt reported 1523 ms (111 ms). The
    // range: the miss, a fifth of it further out on either side.
    PredictedTimes p =
        Calibration.apply(
            MODEL, List.of(new Calibration.Past(238, 5, 1523, Optional.of(111L))), "src and dst");

    assertThat(p)
        .isEqualTo(
            new PredictedTimes(
                1523,
                238 + 1285 - 257,
                247 + 1285 + 257,
                111,
                5 + 106 - 21,
                8 + 106 + 21,
                true,
                "dirty rate not measured; calibrated on the last migration between src and dst:"
                    + " the model was 1285 ms short of their total time and 106 ms short of their"
                    + " downtime",
                238,
                5));
  }

  @Test
  void aModelThatOverestimatesIsMovedDownButNeverBelowAMillisecond() {
    PredictedTimes p =
        Calibration.apply(
            MODEL, List.of(new Calibration.Past(5000, 500, 100, Optional.empty())), "a and b");

    assertThat(p.totalMs()).isEqualTo(1);
    assertThat(p.totalLowMs()).isEqualTo(1);
    assertThat(p.totalHighMs()).isEqualTo(1);
    // No downtime reported: the model's downtime stands.
    assertThat(p.downtimeMs()).isEqualTo(5);
    assertThat(p.basis()).endsWith("the model was 4900 ms over their total time");
  }

  @Test
  void twoPastMigrationsGiveTheirMeanAsMedianAndTheRangeCoversBoth() {
    PredictedTimes p =
        Calibration.apply(
            MODEL,
            List.of(
                new Calibration.Past(200, 5, 1200, Optional.of(25L)),
                new Calibration.Past(200, 5, 1701, Optional.of(15L))),
            "src and dst");

    assertThat(p.totalMs()).isEqualTo(238 + 1251);
    assertThat(p.totalLowMs()).isEqualTo(238 + 1000 - 250);
    assertThat(p.totalHighMs()).isEqualTo(247 + 1501 + 250);
    assertThat(p.downtimeMs()).isEqualTo(5 + 15);
    assertThat(p.downtimeLowMs()).isEqualTo(5 + 10 - 3);
    assertThat(p.downtimeHighMs()).isEqualTo(8 + 20 + 3);
    assertThat(p.basis()).contains("the last 2 migrations (median)");
  }

  @Test
  void onlyTheLastThreeCount() {
    PredictedTimes p =
        Calibration.apply(
            MODEL,
            List.of(
                new Calibration.Past(0, 0, 100, Optional.empty()),
                new Calibration.Past(0, 0, 100, Optional.empty()),
                new Calibration.Past(0, 0, 100, Optional.empty()),
                new Calibration.Past(0, 0, 90_000, Optional.empty())),
            "src and dst");

    assertThat(p.totalHighMs()).isEqualTo(247 + 100 + 20);
  }
}
