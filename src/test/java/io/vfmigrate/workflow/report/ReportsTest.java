package io.vfmigrate.workflow.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vfmigrate.model.InvalidInputException;
import io.vfmigrate.workflow.journal.DowntimeLimit;
import io.vfmigrate.workflow.journal.InMemoryJournal;
import io.vfmigrate.workflow.journal.OperationEnd;
import io.vfmigrate.workflow.journal.OperationKind;
import io.vfmigrate.workflow.journal.OperationStart;
import io.vfmigrate.workflow.journal.PredictionRecord;
import io.vfmigrate.workflow.journal.Sample;
import io.vfmigrate.workflow.journal.StepState;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A report's facts, read from an in-memory journal as the migration wrote them. */
class ReportsTest {
  private static final Instant T0 = Instant.parse("2026-12-03T07:44:55.000Z");
  private static final long GIB = 1L << 30;
  private static final long MIB = 1L << 20;

  private final InMemoryJournal journal = new InMemoryJournal();

  private String begin(OperationKind kind, String vm, Instant at, String args) {
    return journal.begin(
        new OperationStart(kind, Optional.of(vm), List.of("src", "dst"), at, "ctl", 42, args));
  }

  private static Instant at(long ms) {
    return T0.plusMillis(ms);
  }

  /** A migration of 8 GiB in three passes, a raised limit, verified, with a prediction. */
  private String migrated(Optional<Long> downtime) {
    String op = begin(OperationKind.MIGRATE, "vm1", T0, "migrate vm1 --from src --to dst");
    journal.predicted(op, new PredictionRecord(3000, 2800, 3400, 400, 380, 450, true, "assumed"));
    journal.downtimeLimit(op, new DowntimeLimit(at(0), 0, 0, 300));
    long[][] samples = {
      {1000, 1, 2 * GIB, 0}, {2000, 2, 6 * GIB, 100 * MIB}, {3000, 3, 8 * GIB, 300 * MIB}
    };
    for (long[] s : samples) {
      journal.sample(
          op,
          new Sample(
              at(s[0]),
              s[0],
              "active",
              s[2] + s[3],
              8 * GIB + 300 * MIB,
              s[3],
              1,
              Optional.of(s[1])));
    }
    journal.downtimeLimit(op, new DowntimeLimit(at(2500), 2500, 2, 400));
    long verify = journal.stepStarted(op, "dst", "verify the VM in the guest", "ping", at(3100));
    journal.stepEnded(verify, StepState.DONE, at(3300), "");
    journal.end(
        op,
        new OperationEnd(
            "migrated",
            at(3400),
            Optional.of(3200L),
            downtime,
            Optional.of(8 * GIB),
            Optional.of(300 * MIB),
            ""));
    return op;
  }

  @Test
  void aMigrationHasItsSeriesPassesLimitsSwitchoverVerifyAndPrediction() {
    String op = migrated(Optional.of(400L));

    OperationReport r = Reports.of(journal, op).orElseThrow();

    assertThat(r.kind()).isEqualTo("migrate");
    assertThat(r.evacuation()).isEmpty();
    MigrationFacts m = r.migrations().get(0);
    assertThat(m.source()).isEqualTo("src");
    assertThat(m.destination()).isEqualTo("dst");
    assertThat(m.points()).extracting(Point::ramBytes).containsExactly(2 * GIB, 6 * GIB, 8 * GIB);
    assertThat(m.points())
        .extracting(Point::deviceStateBytes)
        .containsExactly(0L, 100 * MIB, 300 * MIB);
    assertThat(m.passes()).containsExactly(new Pass(1, 1000), new Pass(2, 2000), new Pass(3, 3000));
    assertThat(m.downtimeLimits()).extracting(DowntimeLimit::limitMs).containsExactly(300L, 400L);
    assertThat(m.switchover().atMs()).contains(2800L);
    assertThat(m.switchover().downtimeMs()).isEqualTo(Figure.known(400));
    assertThat(m.verification().state()).isEqualTo("passed");
    assertThat(m.verification().durationMs()).isEqualTo(200);
    assertThat(m.prediction().orElseThrow().totalMs()).isEqualTo(3000);
    assertThat(m.totalTimeMs()).isEqualTo(Figure.known(3200));
  }

  @Test
  void anUnknownDowntimeStaysUnknownWithItsReasonNeverZero() {
    MigrationFacts m =
        Reports.of(journal, migrated(Optional.empty())).orElseThrow().migrations().get(0);

    assertThat(m.switchover().downtimeMs().value()).isEmpty();
    assertThat(m.switchover().downtimeMs().whyUnknown()).contains("no downtime");
    assertThat(m.switchover().atMs()).contains(3200L);
  }

  @Test
  void aRolledBackMigrationHasNoSwitchoverAndSaysWhyVerifyDidNotRun() {
    String op = begin(OperationKind.MIGRATE, "vm1", T0, "migrate vm1 --from src --to dst");
    journal.sample(op, new Sample(at(1000), 1000, "active", GIB, 8 * GIB, 0, 1));
    journal.end(
        op,
        new OperationEnd(
            "rolled-back",
            at(2000),
            Optional.of(1500L),
            Optional.empty(),
            Optional.of(GIB),
            Optional.empty(),
            "the link went down; vm1 runs on src with its VF"));

    MigrationFacts m = Reports.of(journal, op).orElseThrow().migrations().get(0);

    assertThat(m.outcome()).isEqualTo("rolled-back");
    assertThat(m.switchover().atMs()).isEmpty();
    assertThat(m.switchover().downtimeMs().whyUnknown()).contains("rolled-back");
    assertThat(m.verification().state()).isEqualTo("not-run");
    assertThat(m.verification().detail()).contains("did not move");
    assertThat(m.passes()).isEmpty(); // a version-2 sample has no pass
    assertThat(m.points().get(0).iteration()).isEmpty();
    assertThat(m.prediction()).isEmpty();
  }

  @Test
  void anUnfinishedMigrationIsUnknownEverywhere() {
    String op = begin(OperationKind.MIGRATE, "vm1", T0, "migrate vm1 --from src --to dst");

    MigrationFacts m = Reports.of(journal, op).orElseThrow().migrations().get(0);

    assertThat(m.outcome()).isEqualTo("unfinished");
    assertThat(m.totalTimeMs().value()).isEmpty();
    assertThat(m.totalTimeMs().whyUnknown()).contains("never ended");
    assertThat(m.ramBytes().value()).isEmpty();
  }

  @Test
  void anEvacuationLaysItsMigrationsOnATimeLineWithTheBusiestPf() {
    String evac = begin(OperationKind.EVACUATE, "vm1", T0, "evacuate --host src");
    for (int i = 0; i < 6; i++) {
      Instant start = at(i < 4 ? 0 : 1000 * (i - 2));
      String child =
          journal.begin(
              new OperationStart(
                      OperationKind.MIGRATE,
                      Optional.of("vm" + i),
                      List.of("src", "dst"),
                      start,
                      "ctl",
                      42,
                      "migrate")
                  .withParent(evac));
      journal.claimTaken(
          child, "src", "/run/vfmigrate/slots/0000:e1:00.0/slot-" + (i % 4 + 1), start);
      journal.claimReleased(
          child,
          "src",
          "/run/vfmigrate/slots/0000:e1:00.0/slot-" + (i % 4 + 1),
          start.plusMillis(1500));
      journal.claimTaken(child, "src", "/run/vfmigrate/claims/0000:e1:00.3", start);
      journal.end(
          child,
          new OperationEnd(
              i == 5 ? "rolled-back" : "migrated",
              start.plusMillis(2000),
              Optional.of(1500L),
              i == 5 ? Optional.empty() : Optional.of(300L),
              Optional.of(GIB),
              Optional.of(300 * MIB),
              ""));
    }
    journal.end(
        evac,
        new OperationEnd(
            "partial",
            at(5000),
            Optional.of(4800L),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            ""));

    OperationReport r = Reports.of(journal, evac).orElseThrow();

    assertThat(r.kind()).isEqualTo("evacuate");
    assertThat(r.migrations()).hasSize(6);
    EvacuationFacts e = r.evacuation().orElseThrow();
    assertThat(e.lanes()).extracting(Lane::startMs).containsExactly(0L, 0L, 0L, 0L, 2000L, 3000L);
    assertThat(e.lanes().get(5).endMs()).contains(5000L);
    assertThat(e.cap()).isEqualTo(4);
    assertThat(e.peak()).isEqualTo(4);
    assertThat(e.occupancy())
        .extracting(Occupancy::atMs, Occupancy::count)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(0L, 4),
            org.assertj.core.groups.Tuple.tuple(1500L, 0),
            org.assertj.core.groups.Tuple.tuple(2000L, 1),
            org.assertj.core.groups.Tuple.tuple(3000L, 2),
            org.assertj.core.groups.Tuple.tuple(3500L, 1),
            org.assertj.core.groups.Tuple.tuple(4500L, 0));
    assertThat(e.occupancy().get(0).where()).isEqualTo("src 0000:e1:00.0");
    assertThat(e.makespanMs()).isEqualTo(Figure.known(5000));
    assertThat(r.totalTimeMs()).isEqualTo(Figure.known(4800));
  }

  @Test
  void anUnknownIdIsEmptyAndAnotherKindIsInvalidInput() {
    assertThat(Reports.of(journal, "no-such-op")).isEmpty();
    String prepare = begin(OperationKind.PREPARE, "vm1", T0, "prepare --host src");

    assertThatThrownBy(() -> Reports.of(journal, prepare))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("is a prepare");
  }
}
