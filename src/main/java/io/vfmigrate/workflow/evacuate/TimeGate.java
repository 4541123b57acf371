package io.vfmigrate.workflow.evacuate;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Simulated time shared by the threads of one evacuation. The lab's clock moves only when someone
 * sleeps; four threads that each sleep between their polls would otherwise move it on while a fifth
 * one runs its guards (which take wall time but no simulated time), and that fifth migration would
 * start late in simulated time. So time moves only while every thread of the evacuation waits: then
 * the one with the earliest deadline moves it, in steps of at most {@link #STEP}, and each thread
 * wakes once its deadline passed or what it waits for has happened (a conservative discrete-event
 * simulation). On real hosts it is not used.
 */
final class TimeGate {
  static final Duration STEP = Duration.ofMillis(100);

  private final Set<Thread> participants = new HashSet<>();
  private final Map<Thread, Long> waiting = new HashMap<>();
  private int expected;
  private boolean advancing;

  /** A thread is about to start that will take part: time waits for it. */
  synchronized void expect() {
    expected++;
  }

  /** The calling thread takes part (after {@link #expect}). */
  synchronized void join() {
    expected = Math.max(0, expected - 1);
    participants.add(Thread.currentThread());
  }

  /** The calling thread takes no more part. */
  synchronized void leave() {
    participants.remove(Thread.currentThread());
    waiting.remove(Thread.currentThread());
    notifyAll();
  }

  /**
   * Waits until simulated time {@code untilMs} (by {@code now}) or until {@code done}; when this
   * thread's turn comes, {@code advance} moves time on by at most the given milliseconds.
   */
  void await(long untilMs, BooleanSupplier done, LongSupplier now, Consumer<Duration> advance) {
    Thread me = Thread.currentThread();
    synchronized (this) {
      if (!participants.contains(me)) {
        long left = untilMs - now.getAsLong();
        if (left > 0) {
          advance.accept(Duration.ofMillis(left));
        }
        return;
      }
      waiting.put(me, untilMs);
      notifyAll();
    }
    try {
      while (true) {
        long at = now.getAsLong();
        if (at >= untilMs || done.getAsBoolean()) {
          return;
        }
        synchronized (this) {
          if (!myTurn(me)) {
            wait(20);
            continue;
          }
          advancing = true;
        }
        try {
          advance.accept(Duration.ofMillis(Math.min(STEP.toMillis(), untilMs - at)));
        } finally {
          synchronized (this) {
            advancing = false;
            notifyAll();
          }
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      synchronized (this) {
        waiting.remove(me);
        notifyAll();
      }
    }
  }

  /** Every participant waits, nobody moves time now, and this thread's deadline is the earliest. */
  private boolean myTurn(Thread me) {
    if (advancing || expected > 0 || !waiting.keySet().containsAll(participants)) {
      return false;
    }
    long mine = waiting.get(me);
    for (Map.Entry<Thread, Long> e : waiting.entrySet()) {
      long other = e.getValue();
      if (other < mine || other == mine && e.getKey().getId() < me.getId()) {
        return false;
      }
    }
    return true;
  }
}
