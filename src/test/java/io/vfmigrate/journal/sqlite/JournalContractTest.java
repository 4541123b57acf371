package io.vfmigrate.journal.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vfmigrate.workflow.journal.ClaimRecord;
import io.vfmigrate.workflow.journal.DowntimeLimit;
import io.vfmigrate.workflow.journal.InMemoryJournal;
import io.vfmigrate.workflow.journal.Journal;
import io.vfmigrate.workflow.journal.OperationEnd;
import io.vfmigrate.workflow.journal.OperationKind;
import io.vfmigrate.workflow.journal.OperationRecord;
import io.vfmigrate.workflow.journal.OperationStart;
import io.vfmigrate.workflow.journal.PredictionRecord;
import io.vfmigrate.workflow.journal.Sample;
import io.vfmigrate.workflow.journal.StepRecord;
import io.vfmigrate.workflow.journal.StepState;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** What every Journal does, asserted alike on the in-memory and the SQLite journal. */
class JournalContractTest {
  private static final Instant T0 = Instant.parse("2026-12-03T07:44:55.123Z");

  enum Implementation {
    IN_MEMORY {
      @Override
      Journal open(Path dir) {
        return new InMemoryJournal();
      }
    },
    SQLITE {
      @Override
      Journal open(Path dir) {
        return SqliteJournal.open(dir.resolve("journal.db"));
      }
    };

    abstract Journal open(Path dir);
  }

  @TempDir Path dir;
  private Journal journal;

  @AfterEach
  void close() throws Exception {
    if (journal instanceof AutoCloseable c) {
      c.close();
    }
  }

  private static Instant at(long seconds) {
    return T0.plusSeconds(seconds);
  }

  private static OperationStart start(
      OperationKind kind, String vm, List<String> hosts, Instant started) {
    return new OperationStart(
        kind,
        Optional.ofNullable(vm),
        hosts,
        started,
        "build-7",
        4242,
        "migrate " + vm + " --from " + hosts.get(0));
  }

  private String migrate(String vm, String from, String to, Instant started) {
    return journal.begin(start(OperationKind.MIGRATE, vm, List.of(from, to), started));
  }

  private static List<String> ids(List<OperationRecord> records) {
    return records.stream().map(OperationRecord::id).toList();
  }

  @ParameterizedTest
  @EnumSource(Implementation.class)
  void anOperationReadsBackAsItBegan(Implementation implementation) {
    journal = implementation.open(dir);
    OperationStart start = start(OperationKind.MIGRATE, "vm1", List.of("src", "dst"), T0);
    String id = journal.begin(start);

    OperationRecord r = journal.operation(id).orElseThrow();
    assertThat(r)
        .isEqualTo(
            new OperationRecord(
                id,
                OperationKind.MIGRATE,
                Optional.of("vm1"),
                List.of("src", "dst"),
                T0,
                "build-7",
                4242,
                "migrate vm1 --from src",
                Optional.empty()));
    assertThat(r.finished()).isFalse();
    assertThat(journal.operation("no-such-operation")).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(Implementation.class)
  void anEvacuationsMigrationsAreItsChildrenOldestFirst(Implementation implementation) {
    journal = implementation.open(dir);
    String evacuation =
        journal.begin(start(OperationKind.EVACUATE, null, List.of("src", "dst"), at(0)));
    String second =
        journal.begin(
            start(OperationKind.MIGRATE, "vm2", List.of("src", "dst"), at(2))
                .withParent(evacuation));
    String first =
        journal.begin(
            start(OperationKind.MIGRATE, "vm1", List.of("src", "dst"), at(1))
                .withParent(evacuation));
    String unrelated = migrate("vm3", "src", "dst", at(3));

    assertThat(ids(journal.children(evacuation))).containsExactly(first, second);
    assertThat(journal.operation(first).orElseThrow().parent()).contains(evacuation);
    assertThat(journal.operation(evacuation).orElseThrow().kind())
        .isEqualTo(OperationKind.EVACUATE);
    assertThat(journal.operation(unrelated).orElseThrow().parent()).isEmpty();
    assertThat(journal.children(unrelated)).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(Implementation.class)
  void anOperationWithoutVmOrHosts(Implementation implementation) {
    journal = implementation.open(dir);
    String id =
        journal.begin(
            new OperationStart(
                OperationKind.RECOVER, Optional.empty(), List.of(), T0, "m", 1, "recover"));
    OperationRecord r = journal.operation(id).orElseThrow();
    assertThat(r.vm()).isEmpty();
    assertThat(r.hosts()).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(Implementation.class)
  void idsAreDistinctEvenInTheSameMillisecond(Implementation implementation) {
    journal = implementation.open(dir);
    String a = migrate("vm1", "src", "dst", T0);
    String b = migrate("vm1", "src", "dst", T0);
    assertThat(a).isNotEqualTo(b);
  }

  @ParameterizedTest
  @EnumSource(Implementation.class)
  void endRecordsTheOutcomeAndTheStatistics(Implementation implementation) {
    journal = implementation.open(dir);
    String id = migrate("vm1", "src", "dst", T0);
    OperationEnd end =
        new OperationEnd(
            "migrated",
            at(12),
            Optional.of(12_034L),
            Optional.of(187L),
            Optional.of(8_600_000_000L),
            Optional.of(31_457_280L),
            "verified in guest");
    journal.end(id, end);

    OperationRecord r = journal.operation(id).orElseThrow();
    assertThat(r.finished()).isTrue();
    assertThat(r.end()).contains(end);
  }

  @ParameterizedTest
  @EnumSource(Implementation.class)
  void unknownStatisticsStayUnknown(Implementation implementation) {
    journal = implementation.open(dir);
    String id = migrate("vm1", "src", "dst", T0);
    journal.end(id, OperationEnd.of("refused", at(1), "vIOMMU"));

    OperationEnd end = journal.operation(id).orElseThrow().end().orElseThrow();
    assertThat(end.totalTimeMs()).isEmpty();
    assertThat(end.downtimeMs()).isEmpty();
    assertThat(end.ramBytes()).isEmpty();
    assertThat(end.deviceStateBytes()).isEmpty();
    assertThat(end.outcome()).isEqualTo("refused");
    assertThat(end.detail()).isEqualTo("vIOMMU");
  }

  @ParameterizedTest
  @EnumSource(Implementation.class)
  void endingAnUnknownOperationIsRefused(Implementation implementation) {
    journal = implementation.open(dir);
    assertThatThrownBy(() -> journal.end("nope", OperationEnd.of("failed", T0, "")))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest
  @EnumSource(Implementation.class)
  void unfinishedAreThoseNeverEndedOldestFirst(Implementation implementation) {
    journal = implementation.open(dir);
    String newest = migrate("vm3", "src", "dst", at(30));
    String ended = migrate("vm1", "src", "dst", at(10));
    String oldest = migrate("vm2", "src", "dst", at(5));
    journal.end(ended, OperationEnd.of("migrated", at(20), ""));

    assertThat(ids(journal.unfinished())).containsExactly(oldest, newest);
    journal.end(oldest, OperationEnd.of("failed", at(40), "killed"));
    assertThat(ids(journal.unfinished())).containsExactly(newest);
  }

  @ParameterizedTest
  @EnumSource(Implementation.class)
  void operationsAreNewestFirstFilteredAndLimited(Implementation implementation) {
    journal = implementation.open(dir);
    String a = migrate("vm1", "src", "dst", at(0));
    String b = migrate("vm2", "src2", "dst", at(60));
    String c = migrate("vm1", "dst", "src", at(120));
    String d =
        journal.begin(
            new OperationStart(
                OperationKind.PREPARE, Optional.empty(), List.of("src"), at(90), "m", 2, "p"));

    assertThat(ids(journal.operations(Optional.empty(), Optional.empty(), 20)))
        .containsExactly(c, d, b, a);
    assertThat(ids(journal.operations(Optional.of("vm1"), Optional.empty(), 20)))
        .containsExactly(c, a);
    // "src" is a whole host name: src2 does not match it.
    assertThat(ids(journal.operations(Optional.empty(), Optional.of("src"), 20)))
        .containsExactly(c, d, a);
    assertThat(ids(journal.operations(Optional.empty(), Optional.of("dst"), 20)))
        .containsExactly(c, b, a);
    assertThat(ids(journal.operations(Optional.of("vm1"), Optional.of("src2"), 20))).isEmpty();
    assertThat(ids(journal.operations(Optional.empty(), Optional.empty(), 2)))
        .containsExactly(c, d);
    assertThat(ids(journal.operations(Optional.of("vm2"), Optional.of("dst"), 1)))
        .containsExactly(b);
    assertThat(journal.operations(Optional.of("vm9"), Optional.empty(), 20)).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(Implementation.class)
  void stepsMoveFromRunningToHowTheyEnded(Implementation implementation) {
    journal = implementation.open(dir);
    String op = migrate("vm1", "src", "dst", T0);
    String other = migrate("vm2", "src", "dst", T0);
    long claim = journal.stepStarted(op, "dst", "Claim a VF", "claim 0000:3b:00.2", at(1));
    long otherStep = journal.stepStarted(other, "src", "Other", "true", at(1));
    long transfer = journal.stepStarted(op, "src", "Transfer", "virsh migrate vm1", at(2));

    List<StepRecord> running = journal.steps(op);
    assertThat(running).extracting(StepRecord::id).containsExactly(claim, transfer);
    assertThat(running)
        .allSatisfy(
            s -> {
              assertThat(s.state()).isEqualTo(StepState.RUNNING);
              assertThat(s.ended()).isEmpty();
              assertThat(s.operation()).isEqualTo(op);
            });
    assertThat(running.get(0))
        .isEqualTo(
            new StepRecord(
                claim,
                op,
                "dst",
                "Claim a VF",
                "claim 0000:3b:00.2",
                StepState.RUNNING,
                at(1),
                Optional.empty(),
                ""));

    journal.stepEnded(claim, StepState.DONE, at(2), "");
    journal.stepEnded(transfer, StepState.FAILED, at(9), "link cut");
    journal.stepEnded(claim, StepState.UNDONE, at(10), "released");
    journal.stepEnded(otherStep, StepState.UNDO_FAILED, at(3), "still held");

    List<StepRecord> ended = journal.steps(op);
    assertThat(ended)
        .extracting(StepRecord::state, StepRecord::ended, StepRecord::detail)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(StepState.UNDONE, Optional.of(at(10)), "released"),
            org.assertj.core.groups.Tuple.tuple(StepState.FAILED, Optional.of(at(9)), "link cut"));
    assertThat(ended.get(1).started()).isEqualTo(at(2));
    assertThat(journal.steps(other))
        .singleElement()
        .extracting(StepRecord::state)
        .isEqualTo(StepState.UNDO_FAILED);
    assertThat(journal.steps("no-such-operation")).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(Implementation.class)
  void claimsAreTakenAndReleasedOnce(Implementation implementation) {
    journal = implementation.open(dir);
    String op = migrate("vm1", "src", "dst", T0);
    String other = migrate("vm2", "src", "dst", T0);
    String vf2 = "/run/vfmigrate/claims/0000:3b:00.2";
    String vf3 = "/run/vfmigrate/claims/0000:3b:00.3";
    journal.claimTaken(op, "dst", vf2, at(1));
    journal.claimTaken(op, "dst", vf3, at(2));
    journal.claimTaken(other, "dst", vf2, at(3));

    journal.claimReleased(op, "dst", vf2, at(5));
    journal.claimReleased(op, "dst", vf2, at(6));
    journal.claimReleased(op, "src", vf3, at(6));

    assertThat(journal.claims(op))
        .containsExactly(
            new ClaimRecord(op, "dst", vf2, at(1), Optional.of(at(5))),
            new ClaimRecord(op, "dst", vf3, at(2), Optional.empty()));
    assertThat(journal.claims(other))
        .containsExactly(new ClaimRecord(other, "dst", vf2, at(3), Optional.empty()));
  }

  @ParameterizedTest
  @EnumSource(Implementation.class)
  void samplesKeepTheirOrder(Implementation implementation) {
    journal = implementation.open(dir);
    String op = migrate("vm1", "src", "dst", T0);
    String other = migrate("vm2", "src", "dst", T0);
    Sample first = new Sample(at(2), 2000, "precopy", 1_000_000L, 8_000_000_000L, 0, 500_000L);
    Sample second =
        new Sample(at(4), 4000, "device-state", 8_000_000_000L, 8_000_000_000L, 31_457_280L, 0);
    journal.sample(op, first);
    journal.sample(other, first);
    journal.sample(op, second);

    assertThat(journal.samples(op)).containsExactly(first, second);
    assertThat(journal.samples(other)).containsExactly(first);
    assertThat(journal.samples("no-such-operation")).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(Implementation.class)
  void samplesKeepTheirPreCopyPass(Implementation implementation) {
    journal = implementation.open(dir);
    String op = migrate("vm1", "src", "dst", T0);
    Sample known =
        new Sample(at(2), 2000, "active", 1_000_000L, 8_000_000_000L, 0, 500_000L, Optional.of(3L));
    Sample unknown = new Sample(at(3), 3000, "active", 2_000_000L, 8_000_000_000L, 0, 500_000L);
    journal.sample(op, known);
    journal.sample(op, unknown);

    assertThat(journal.samples(op)).containsExactly(known, unknown);
    assertThat(journal.samples(op).get(1).iteration()).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(Implementation.class)
  void downtimeLimitsKeepTheirOrder(Implementation implementation) {
    journal = implementation.open(dir);
    String op = migrate("vm1", "src", "dst", T0);
    String other = migrate("vm2", "src", "dst", T0);
    DowntimeLimit first = new DowntimeLimit(at(1), 0, 0, 300);
    DowntimeLimit raised = new DowntimeLimit(at(9), 8000, 4, 400);
    journal.downtimeLimit(op, first);
    journal.downtimeLimit(other, first);
    journal.downtimeLimit(op, raised);

    assertThat(journal.downtimeLimits(op)).containsExactly(first, raised);
    assertThat(journal.downtimeLimits(other)).containsExactly(first);
    assertThat(journal.downtimeLimits("no-such-operation")).isEmpty();
    assertThatThrownBy(() -> journal.downtimeLimit("no-such-operation", first))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest
  @EnumSource(Implementation.class)
  void aPredictionIsKeptOncePerOperationTheLaterWinning(Implementation implementation) {
    journal = implementation.open(dir);
    String op = migrate("vm1", "src", "dst", T0);
    PredictionRecord first = new PredictionRecord(3000, 2800, 3500, 400, 380, 450, true, "assumed");
    PredictionRecord second =
        new PredictionRecord(9000, 8000, 12000, 900, 800, 1200, false, "dirty rate measured");
    assertThat(journal.prediction(op)).isEmpty();
    journal.predicted(op, first);
    journal.predicted(op, second);

    assertThat(journal.prediction(op)).contains(second);
    assertThatThrownBy(() -> journal.predicted("no-such-operation", first))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
