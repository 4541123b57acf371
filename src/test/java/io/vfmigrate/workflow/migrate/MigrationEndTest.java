package io.vfmigrate.workflow.migrate;

import static io.vfmigrate.testing.MigrationFixture.request;
import static org.assertj.core.api.Assertions.assertThat;

import io.vfmigrate.workflow.journal.OperationEnd;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * What the journal keeps of how a migration ended: the statistics of a transfer that ran, none for
 * one that never started (not zeros), unknown figures unknown, and why it ended.
 */
class MigrationEndTest {
  private static final Instant ENDED = Instant.parse("2026-12-03T21:00:00Z");

  private static MigrationResult.Builder result(MigrationOutcome outcome) {
    return MigrationResult.builder(request(), outcome);
  }

  @Test
  void aMigrationKeepsItsStatisticsAndAnUnknownDowntimeStaysUnknown() {
    MigrationResult r =
        result(MigrationOutcome.MIGRATED)
            .totalTimeMs(9_000)
            .downtimeMs(Optional.empty())
            .ramBytes(8L << 30)
            .deviceStateBytes(Optional.of(330_000_000L))
            .build();

    assertThat(MigrationEnd.of(r, ENDED))
        .isEqualTo(
            new OperationEnd(
                "migrated",
                ENDED,
                Optional.of(9_000L),
                Optional.empty(),
                Optional.of(8L << 30),
                Optional.of(330_000_000L),
                ""));
  }

  @Test
  void aMigrationThatTookNoMeasurableTimeStillKeepsItsFigures() {
    MigrationResult r =
        result(MigrationOutcome.MIGRATED)
            .downtimeMs(Optional.of(120L))
            .ramBytes(0)
            .deviceStateBytes(Optional.empty())
            .error(Optional.of("verification failed: no ping"))
            .build();

    assertThat(MigrationEnd.of(r, ENDED))
        .isEqualTo(
            new OperationEnd(
                "migrated",
                ENDED,
                Optional.of(0L),
                Optional.of(120L),
                Optional.of(0L),
                Optional.empty(),
                "verification failed: no ping"));
  }

  @Test
  void aRollbackAfterTheTransferRanKeepsWhatItMovedAndItsError() {
    MigrationResult r =
        result(MigrationOutcome.ROLLED_BACK)
            .totalTimeMs(1)
            .ramBytes(4_000_000)
            .deviceStateBytes(Optional.of(300_000_000L))
            .error(Optional.of("cancelled by the operator; vm1 runs on src with its VF"))
            .build();

    assertThat(MigrationEnd.of(r, ENDED))
        .isEqualTo(
            new OperationEnd(
                "rolled-back",
                ENDED,
                Optional.of(1L),
                Optional.empty(),
                Optional.of(4_000_000L),
                Optional.of(300_000_000L),
                "cancelled by the operator; vm1 runs on src with its VF"));
  }

  @Test
  void aRefusalKeepsNoFiguresAndNamesEachGuardWithItsReason() {
    MigrationResult r =
        result(MigrationOutcome.REFUSED)
            .ramBytes(7)
            .deviceStateBytes(Optional.of(5L))
            .refusals(
                List.of(
                    new Refusal("postcopy", "post-copy cannot move a VF", "drop --postcopy"),
                    new Refusal("viommu", "vm1 has a virtual IOMMU", "remove it")))
            .build();

    assertThat(MigrationEnd.of(r, ENDED))
        .isEqualTo(
            new OperationEnd(
                "refused",
                ENDED,
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                "postcopy: post-copy cannot move a VF; viommu: vm1 has a virtual IOMMU"));
  }

  @Test
  void aFailureBeforeTheTransferKeepsNoFiguresButItsError() {
    MigrationResult r =
        result(MigrationOutcome.FAILED)
            .error(Optional.of("claim failed"))
            .refusals(List.of(new Refusal("x", "not this", "fix it")))
            .build();

    OperationEnd end = MigrationEnd.of(r, ENDED);

    assertThat(end.outcome()).isEqualTo("failed");
    assertThat(end.totalTimeMs()).isEmpty();
    assertThat(end.ramBytes()).isEmpty();
    assertThat(end.detail()).isEqualTo("claim failed");
  }

  @Test
  void aPlannedRunWithoutRefusalsHasAnEmptyDetail() {
    OperationEnd end = MigrationEnd.of(result(MigrationOutcome.PLANNED).build(), ENDED);
    assertThat(end.outcome()).isEqualTo("planned");
    assertThat(end.detail()).isEmpty();
    assertThat(end.ended()).isEqualTo(ENDED);
  }
}
