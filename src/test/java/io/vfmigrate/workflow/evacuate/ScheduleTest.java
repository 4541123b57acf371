package io.vfmigrate.workflow.evacuate;

import static org.assertj.core.api.Assertions.assertThat;

import io.vfmigrate.host.Fleet;
import io.vfmigrate.testing.BoundedWait;
import io.vfmigrate.testing.TestLab;
import io.vfmigrate.workflow.evacuate.EvacuationPlan.Move;
import io.vfmigrate.workflow.event.EventSink;
import io.vfmigrate.workflow.migrate.Cancellation;
import io.vfmigrate.workflow.migrate.PredictedTimes;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The evacuation's schedule with stand-in migrations (no host): the plan's order, the lanes (4 VFs
 * per PF, {@code --max-parallel}) given back when a transfer ends, a VM that fails while the others
 * go on, a run refused for contention tried again, and cancellation. The stand-ins wait for each
 * other where the order is the point (with {@link BoundedWait#CEILING} as the ceiling), so nothing
 * here depends on how fast threads run.
 */
class ScheduleTest {
  private static final Fleet FLEET = TestLab.fleet(TestLab.defaultLab(), EventSink.none());
  private static final String UNKNOWN = "unknown (vfmigrate recover looks at both hosts)";

  private final Cancellation cancellation = new Cancellation();
  private final Child child = new Child();

  /** What a stand-in migration does. */
  private interface Behaviour {
    ChildMigration.Ran run(Move m, Runnable transferEnded) throws Exception;
  }

  /** Stand-in migrations: each logs its start and its transfer's end, then does its behaviour. */
  private static final class Child implements ChildRun {
    final List<String> log = Collections.synchronizedList(new ArrayList<>());
    final Map<String, Behaviour> behaviours = new HashMap<>();
    final Map<String, AtomicInteger> calls = new HashMap<>();
    final AtomicInteger transferring = new AtomicInteger();
    final AtomicInteger mostTransferring = new AtomicInteger();
    final AtomicLong clock = new AtomicLong();

    @Override
    public ChildMigration.Ran run(Move m, Runnable transferEnded) {
      synchronized (calls) {
        calls.computeIfAbsent(m.vm(), vm -> new AtomicInteger()).incrementAndGet();
      }
      log.add("start " + m.vm());
      mostTransferring.accumulateAndGet(transferring.incrementAndGet(), Math::max);
      Runnable ended =
          () -> {
            log.add("transferred " + m.vm());
            transferring.decrementAndGet();
            transferEnded.run();
          };
      try {
        return behaviours.getOrDefault(m.vm(), ScheduleTest::migrated).run(m, ended);
      } catch (RuntimeException | Error e) {
        throw e;
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }

    int calls(String vm) {
      synchronized (calls) {
        return calls.getOrDefault(vm, new AtomicInteger()).get();
      }
    }

    /** Waits until the log has {@code entry}; an AssertionError when it never comes. */
    void awaitLogged(String entry) throws InterruptedException {
      BoundedWait.until(entry, () -> log.contains(entry));
    }

    @Override
    public long now() {
      return clock.get();
    }

    @Override
    public String source() {
      return "src";
    }
  }

  private static ChildMigration.Ran migrated(Move m, Runnable transferEnded) {
    transferEnded.run();
    return new ChildMigration.Ran(moved(m, "migrated", m.destination()), false);
  }

  private static ChildMigration.Ran contended(Move m) {
    return new ChildMigration.Ran(moved(m, "refused", "src"), true);
  }

  private static Moved moved(Move m, String outcome, String where) {
    return Moved.withoutFigures(
        m.vm(), m.destination(), outcome, 1, 2, Optional.empty(), where, outcome + " detail");
  }

  private static Move move(String vm, int vfs) {
    return new Move(
        vm,
        "dst",
        vfs,
        1L << 30,
        vfs * Planner.DEVICE_STATE_PER_VF,
        new PredictedTimes(1000, 800, 1200, 100, 80, 120, true, "test"));
  }

  private List<Moved> run(int maxParallel, Move... moves) throws Throwable {
    Schedule schedule =
        new Schedule(new Lanes(FLEET, "src", maxParallel), child, cancellation, new TimeGate());
    return BoundedWait.ends("the schedule", () -> schedule.run(List.of(moves)));
  }

  private static Map<String, Moved> byVm(List<Moved> moved) {
    Map<String, Moved> byVm = new HashMap<>();
    moved.forEach(m -> assertThat(byVm.put(m.vm(), m)).as("%s once", m.vm()).isNull());
    return byVm;
  }

  @Test
  void withOneLaneTheMigrationsRunOneAfterTheOtherInThePlansOrder() throws Throwable {
    List<Moved> moved = run(1, move("a", 1), move("b", 1), move("c", 1));

    assertThat(child.log)
        .containsExactly(
            "start a", "transferred a", "start b", "transferred b", "start c", "transferred c");
    assertThat(moved)
        .extracting(Moved::vm, Moved::outcome)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple("a", "migrated"),
            org.assertj.core.groups.Tuple.tuple("b", "migrated"),
            org.assertj.core.groups.Tuple.tuple("c", "migrated"));
    assertThat(run(1)).as("an empty plan").isEmpty();
  }

  @Test
  void aMigrationThatDoesNotFitWaitsWhileALaterSmallerOneGoesFirst() throws Throwable {
    // a holds 3 of the PF's 4 slots until c (1 VF) has started: b (2 VFs) must wait for a.
    child.behaviours.put(
        "a",
        (m, ended) -> {
          child.awaitLogged("start c");
          return migrated(m, ended);
        });

    List<Moved> moved = run(4, move("a", 3), move("b", 2), move("c", 1));

    assertThat(child.log.indexOf("start c")).isLessThan(child.log.indexOf("start b"));
    assertThat(child.log.indexOf("transferred a")).isLessThan(child.log.indexOf("start b"));
    assertThat(byVm(moved).values()).allMatch(Moved::migrated).hasSize(3);
  }

  @Test
  void atMostFourVfsOfOnePfMigrateAtOnceWhateverMaxParallel() throws Throwable {
    assertMostAtOnce(64, 4);
  }

  @Test
  void atMostMaxParallelMigrationsRunAtOnce() throws Throwable {
    assertMostAtOnce(2, 2);
  }

  /** Five 1-VF moves; the first {@code expected} wait until they all transfer at once. */
  private void assertMostAtOnce(int maxParallel, int expected) throws Throwable {
    CountDownLatch together = new CountDownLatch(expected);
    Behaviour waitForTheOthers =
        (m, ended) -> {
          together.countDown();
          assertThat(together.await(BoundedWait.CEILING.toMillis(), TimeUnit.MILLISECONDS))
              .as("%d transferring at once", expected)
              .isTrue();
          return migrated(m, ended);
        };
    for (String vm : List.of("a", "b", "c", "d", "e")) {
      child.behaviours.put(vm, waitForTheOthers);
    }

    List<Moved> moved =
        run(maxParallel, move("a", 1), move("b", 1), move("c", 1), move("d", 1), move("e", 1));

    assertThat(child.mostTransferring).hasValue(expected);
    assertThat(byVm(moved).values()).allMatch(Moved::migrated).hasSize(5);
  }

  @Test
  void aLaneIsFreeAgainOnceTheTransferEndsWhileTheVerificationGoesOn() throws Throwable {
    child.behaviours.put(
        "a",
        (m, ended) -> {
          ended.run();
          child.awaitLogged("start b"); // a verifies in its guest while b transfers
          return new ChildMigration.Ran(moved(m, "migrated", "dst"), false);
        });

    List<Moved> moved = run(1, move("a", 1), move("b", 1));

    assertThat(byVm(moved).values()).allMatch(Moved::migrated).hasSize(2);
  }

  @Test
  void aMigrationThatThrowsIsRecordedAsFailedAndTheOthersGoOn() throws Throwable {
    child.clock.set(5000);
    child.behaviours.put(
        "a",
        (m, ended) -> {
          throw new IllegalStateException("boom");
        });
    child.behaviours.put(
        "b",
        (m, ended) -> {
          throw new StackOverflowError("deep");
        });

    Map<String, Moved> moved = byVm(run(1, move("a", 1), move("b", 1), move("c", 1)));

    assertThat(moved.get("a"))
        .isEqualTo(
            Moved.withoutFigures(
                "a",
                "dst",
                "failed",
                0,
                5000,
                Optional.empty(),
                UNKNOWN,
                "java.lang.IllegalStateException: boom"));
    // An Error is recorded and counted too; the evacuation ends instead of waiting for it.
    assertThat(moved.get("b").outcome()).isEqualTo("failed");
    assertThat(moved.get("b").where()).isEqualTo(UNKNOWN);
    assertThat(moved.get("b").detail()).isEqualTo("java.lang.StackOverflowError: deep");
    assertThat(moved.get("c").outcome()).isEqualTo("migrated");
    assertThat(moved).hasSize(3);
  }

  @Test
  void aRunRefusedForContentionIsTriedAgainUpToThreeTimesWhileOthersRan() throws Throwable {
    child.behaviours.put("a", (m, ended) -> contended(m));

    Map<String, Moved> moved = byVm(run(1, move("b", 1), move("a", 1)));

    assertThat(child.calls("a")).isEqualTo(Schedule.ATTEMPTS).isEqualTo(3);
    assertThat(moved.get("a").outcome()).isEqualTo("refused");
    assertThat(moved.get("b").outcome()).isEqualTo("migrated");
    assertThat(moved).hasSize(2);
  }

  @Test
  void aRunRefusedForContentionWithNoOtherMigrationIsNotTriedAgain() throws Throwable {
    child.behaviours.put("a", (m, ended) -> contended(m));

    List<Moved> moved = run(4, move("a", 1));

    assertThat(child.calls("a")).isEqualTo(1);
    assertThat(moved).extracting(Moved::outcome).containsExactly("refused");
  }

  @Test
  void aRefusalThatNoOtherMigrationExplainsIsNotTriedAgain() throws Throwable {
    child.behaviours.put(
        "a", (m, ended) -> new ChildMigration.Ran(moved(m, "refused", "src"), false));

    Map<String, Moved> moved = byVm(run(1, move("b", 1), move("a", 1)));

    assertThat(child.calls("a")).isEqualTo(1);
    assertThat(moved.get("a").outcome()).isEqualTo("refused");
  }

  @Test
  void aRunRefusedForContentionIsNotTriedAgainOnceTheOperatorCancelled() throws Throwable {
    child.behaviours.put(
        "a",
        (m, ended) -> {
          cancellation.request();
          return contended(m);
        });

    Map<String, Moved> moved = byVm(run(1, move("b", 1), move("a", 1)));

    assertThat(child.calls("a")).isEqualTo(1);
    assertThat(moved.get("a").outcome()).isEqualTo("refused");
    assertThat(moved).hasSize(2);
  }

  @Test
  void onceTheOperatorCancelsTheMigrationsNotStartedStayWhereTheyAre() throws Throwable {
    child.clock.set(7000);
    child.behaviours.put(
        "a",
        (m, ended) -> {
          cancellation.request();
          return migrated(m, ended);
        });

    Map<String, Moved> moved = byVm(run(1, move("a", 1), move("b", 1), move("c", 2)));

    assertThat(child.log).containsExactly("start a", "transferred a");
    assertThat(moved.get("a").outcome()).isEqualTo("migrated");
    for (String vm : List.of("b", "c")) {
      assertThat(moved.get(vm))
          .isEqualTo(
              Moved.withoutFigures(
                  vm,
                  "dst",
                  "not-started",
                  7000,
                  7000,
                  Optional.empty(),
                  "src",
                  "cancelled before its turn"));
    }
    assertThat(moved).hasSize(3);
  }
}
