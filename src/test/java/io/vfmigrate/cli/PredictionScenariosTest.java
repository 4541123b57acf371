package io.vfmigrate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The dry run's prediction against the lab's migration on every {@code lab bench --predictions}
 * scenario: deterministic model output (virtual time), so the 25% bound is asserted, not timed.
 */
class PredictionScenariosTest {
  @Test
  void everyPredictionIsWithinAQuarterOfTheMigration() {
    List<PredictionScenarios.Outcome> outcomes = PredictionScenarios.run();

    assertThat(outcomes).hasSize(PredictionScenarios.SCENARIOS.size());
    for (PredictionScenarios.Outcome o : outcomes) {
      assertThat(Math.abs(o.totalError()))
          .as(
              "%s total: predicted %d ms, took %d ms",
              o.in().name(), o.predictedTotalMs(), o.totalMs())
          .isLessThanOrEqualTo(PredictionScenarios.MAX_ERROR);
      assertThat(Math.abs(o.downtimeError()))
          .as(
              "%s downtime: predicted %d ms, took %d ms",
              o.in().name(), o.predictedDowntimeMs(), o.downtimeMs())
          .isLessThanOrEqualTo(PredictionScenarios.MAX_ERROR);
    }
  }

  @Test
  void theScenariosCoverSizesRatesLinksVfCountsAndBothChannelModes() {
    List<PredictionScenarios.Outcome> outcomes = PredictionScenarios.run();

    assertThat(outcomes.stream().map(o -> o.in().vfs()).distinct()).contains(0, 1, 2, 4);
    assertThat(outcomes.stream().map(o -> o.in().link()).distinct().count()).isGreaterThan(2);
    assertThat(outcomes.stream().map(o -> o.in().dirtyRate()).distinct().count()).isGreaterThan(3);
    assertThat(outcomes).anyMatch(o -> o.channels() == 0).anyMatch(o -> o.channels() > 0);
  }

  @Test
  void aFastDirtyingGuestSwitchesOverOnARaisedLimitAsPredicted() {
    PredictionScenarios.Outcome o =
        PredictionScenarios.run(
            new PredictionScenarios.Inputs("fast", 1, "8GiB", "800MiB/s", "10Gbit/s", true));

    // vfmigrate raised the limit from 300 ms: the downtime is above it, and the prediction knew.
    assertThat(o.downtimeMs()).isGreaterThan(600);
    assertThat(Math.abs(o.downtimeError())).isLessThanOrEqualTo(PredictionScenarios.MAX_ERROR);
  }
}
