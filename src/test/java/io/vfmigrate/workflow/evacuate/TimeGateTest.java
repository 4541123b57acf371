package io.vfmigrate.workflow.evacuate;

import static org.assertj.core.api.Assertions.assertThat;

import io.vfmigrate.testing.BoundedWait;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The evacuation's shared simulated time: it moves only while every thread of the evacuation waits,
 * by the one with the earliest deadline, in steps of at most 100 ms. The clock here is a counter
 * that only the {@code advance} calls move, so the steps are exact.
 */
class TimeGateTest {
  private final TimeGate gate = new TimeGate();
  private final AtomicLong clock = new AtomicLong();
  private final List<String> steps = Collections.synchronizedList(new ArrayList<>());

  /** Waits for {@code untilMs}; each step it moves the clock by is logged with {@code who}. */
  private void await(String who, long untilMs) {
    gate.await(
        untilMs,
        () -> false,
        clock::get,
        step -> {
          steps.add(who + " " + step.toMillis());
          clock.addAndGet(step.toMillis());
        });
  }

  /**
   * A thread of the evacuation (expected before: {@link TimeGate#expect}): takes part, waits for
   * {@code untilMs}, takes no more part.
   */
  private Thread participant(String who, long untilMs) {
    Thread t =
        new Thread(
            () -> {
              gate.join();
              try {
                await(who, untilMs);
              } finally {
                gate.leave();
              }
            },
            who);
    t.start();
    return t;
  }

  private static void ended(Thread... threads) throws Throwable {
    for (Thread t : threads) {
      BoundedWait.ends(
          t.getName() + " ended",
          () -> {
            t.join();
            return null;
          });
    }
  }

  @Test
  void aThreadThatTakesNoPartMovesTimeByWhatIsLeftInOneGo() {
    clock.set(100);
    await("main", 350);
    await("main", 50); // already past: time stays
    await("main", 350);

    assertThat(steps).containsExactly("main 250");
    assertThat(clock).hasValue(350);
  }

  @Test
  void aThreadAloneMovesTimeInStepsOfAtMostOneHundredMilliseconds() throws Throwable {
    gate.expect();
    ended(participant("a", 250));

    assertThat(steps).containsExactly("a 100", "a 100", "a 50");
    assertThat(TimeGate.STEP).isEqualTo(Duration.ofMillis(100));
  }

  @Test
  void whatItWaitsForEndsTheWaitWithoutMovingTime() {
    gate.expect();
    gate.join();
    gate.await(1000, () -> true, clock::get, step -> steps.add("moved " + step));
    gate.leave();

    assertThat(steps).isEmpty();
    assertThat(clock).hasValue(0);
  }

  @Test
  void theThreadWithTheEarliestDeadlineMovesTimeWhileTheOthersWait() throws Throwable {
    // Both are expected before either starts, so time waits until both wait.
    gate.expect();
    gate.expect();
    Thread late = participant("late", 300);
    Thread early = participant("early", 150);
    ended(late, early);

    assertThat(steps).containsExactly("early 100", "early 50", "late 100", "late 50");
    assertThat(clock).hasValue(300);
  }

  @Test
  void aThreadThatLeftNoLongerHoldsTimeBack() throws Throwable {
    gate.expect();
    Thread gone =
        new Thread(
            () -> {
              gate.join();
              gate.leave();
            });
    gone.start();
    ended(gone);

    gate.expect();
    ended(participant("a", 120));

    assertThat(steps).containsExactly("a 100", "a 20");
  }
}
