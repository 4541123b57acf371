package io.vfmigrate.journal.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import io.vfmigrate.workflow.journal.OperationEnd;
import io.vfmigrate.workflow.journal.OperationKind;
import io.vfmigrate.workflow.journal.OperationRecord;
import io.vfmigrate.workflow.journal.OperationStart;
import io.vfmigrate.workflow.journal.Sample;
import io.vfmigrate.workflow.journal.StepRecord;
import io.vfmigrate.workflow.journal.StepState;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several vfmigrate processes share one journal file; here two journals (two connections, as two
 * processes would have) open a new file at the same instant and write from several threads.
 */
class ConcurrentJournalTest {
  private static final Instant T0 = Instant.parse("2026-12-03T07:44:55Z");
  private static final int THREADS_PER_JOURNAL = 2;
  private static final int OPERATIONS_PER_THREAD = 20;
  private static final int STEPS = 3;

  @TempDir Path dir;

  @Test
  void twoJournalsOnOneFileWriteConcurrentlyAndLoseNothing() throws Exception {
    Path file = dir.resolve("journal.db");
    ExecutorService pool = Executors.newFixedThreadPool(2 * THREADS_PER_JOURNAL);
    try {
      CountDownLatch gate = new CountDownLatch(1);
      Callable<SqliteJournal> opener =
          () -> {
            gate.await();
            return SqliteJournal.open(file);
          };
      Future<SqliteJournal> first = pool.submit(opener);
      Future<SqliteJournal> second = pool.submit(opener);
      gate.countDown();
      List<SqliteJournal> journals =
          List.of(first.get(60, TimeUnit.SECONDS), second.get(60, TimeUnit.SECONDS));

      CountDownLatch go = new CountDownLatch(1);
      List<Future<List<String>>> writers = new ArrayList<>();
      for (SqliteJournal journal : journals) {
        for (int t = 0; t < THREADS_PER_JOURNAL; t++) {
          String vm = "vm" + writers.size();
          writers.add(
              pool.submit(
                  () -> {
                    go.await();
                    return writeOperations(journal, vm);
                  }));
        }
      }
      go.countDown();
      List<String> written = new ArrayList<>();
      for (Future<List<String>> w : writers) {
        written.addAll(w.get(120, TimeUnit.SECONDS));
      }
      journals.forEach(SqliteJournal::close);

      try (SqliteJournal reader = SqliteJournal.open(file)) {
        List<OperationRecord> all = reader.operations(Optional.empty(), Optional.empty(), 10_000);
        int expected = 2 * THREADS_PER_JOURNAL * OPERATIONS_PER_THREAD;
        assertThat(written).hasSize(expected).doesNotHaveDuplicates();
        assertThat(all)
            .extracting(OperationRecord::id)
            .containsExactlyInAnyOrderElementsOf(written);
        assertThat(reader.unfinished()).isEmpty();
        for (OperationRecord op : all) {
          List<StepRecord> steps = reader.steps(op.id());
          assertThat(steps).hasSize(STEPS).allMatch(s -> s.state() == StepState.DONE);
          assertThat(steps).extracting(StepRecord::description).isSorted();
          assertThat(reader.samples(op.id())).hasSize(1);
          assertThat(reader.claims(op.id())).singleElement().matches(c -> c.released().isPresent());
        }
      }
    } finally {
      pool.shutdownNow();
    }
  }

  /**
   * Switching a new file to WAL needs it to itself, and SQLite answers busy at once (without
   * waiting) to the other openers: they must wait and retry, not fail.
   */
  @Test
  void journalsOpeningANewFileAtTheSameInstantAllOpen() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      for (int round = 0; round < 20; round++) {
        Path file = dir.resolve("journal-" + round + ".db");
        CountDownLatch gate = new CountDownLatch(1);
        List<Future<SqliteJournal>> openers = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
          openers.add(
              pool.submit(
                  () -> {
                    gate.await();
                    return SqliteJournal.open(file);
                  }));
        }
        gate.countDown();
        for (Future<SqliteJournal> opener : openers) {
          try (SqliteJournal journal = opener.get(60, TimeUnit.SECONDS)) {
            assertThat(journal.pragma("journal_mode")).isEqualTo("wal");
          }
        }
      }
    } finally {
      pool.shutdownNow();
    }
  }

  /** All in the same second, so ids share their time part and only the random part differs. */
  private static List<String> writeOperations(SqliteJournal journal, String vm) {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < OPERATIONS_PER_THREAD; i++) {
      Instant at = T0.plusMillis(i);
      String op =
          journal.begin(
              new OperationStart(
                  OperationKind.MIGRATE,
                  Optional.of(vm),
                  List.of("src", "dst"),
                  at,
                  "m",
                  1,
                  "migrate " + vm));
      journal.claimTaken(op, "dst", "/run/vfmigrate/claims/" + op, at);
      for (int s = 0; s < STEPS; s++) {
        long step = journal.stepStarted(op, "src", "step " + s, "true", at);
        journal.stepEnded(step, StepState.DONE, at, "");
      }
      journal.sample(op, new Sample(at, 0, "precopy", 1, 2, 0, 1));
      journal.claimReleased(op, "dst", "/run/vfmigrate/claims/" + op, at);
      journal.end(op, OperationEnd.of("migrated", at, ""));
      ids.add(op);
    }
    return ids;
  }
}
