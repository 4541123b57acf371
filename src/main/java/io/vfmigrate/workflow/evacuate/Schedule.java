package io.vfmigrate.workflow.evacuate;

import io.vfmigrate.workflow.evacuate.EvacuationPlan.Move;
import io.vfmigrate.workflow.migrate.Cancellation;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs the plan's migrations concurrently, in the plan's order, as many at once as the {@link
 * Lanes} allow; a migration that does not fit waits while a later, smaller one that fits goes
 * first. Each runs on its own thread; a lane is given back as soon as its transfer has ended (the
 * verification in the guest does not hold a PF slot). A migration refused because another one held
 * the cap or its VF a moment ago goes back to the queue while others run (at most {@value
 * #ATTEMPTS} times); once the operator cancels, those not started stay where they are.
 */
final class Schedule {
  static final int ATTEMPTS = 3;

  private final Lanes lanes;
  private final ChildRun child;
  private final Cancellation cancellation;
  private final TimeGate gate;
  private final Deque<Move> queue = new ArrayDeque<>();
  private final List<Moved> done = new ArrayList<>();
  private final Map<String, Integer> attempts = new HashMap<>();
  private int inFlight;

  Schedule(Lanes lanes, ChildRun child, Cancellation cancellation, TimeGate gate) {
    this.gate = gate;
    this.lanes = lanes;
    this.child = child;
    this.cancellation = cancellation;
  }

  List<Moved> run(List<Move> moves) {
    queue.addAll(moves);
    ExecutorService pool =
        Executors.newFixedThreadPool(
            Math.max(1, moves.size()),
            r -> {
              Thread t = new Thread(r, "evacuate");
              t.setDaemon(true);
              return t;
            });
    try {
      synchronized (this) {
        while (!queue.isEmpty() || inFlight > 0) {
          if (cancellation.requested() && !queue.isEmpty()) {
            for (Move m : queue) {
              done.add(notStarted(m));
            }
            queue.clear();
            continue;
          }
          Optional<Move> next = queue.stream().filter(lanes::fits).findFirst();
          if (next.isPresent()) {
            Move m = next.get();
            queue.remove(m);
            lanes.take(m);
            inFlight++;
            gate.expect();
            pool.submit(() -> work(m));
            continue;
          }
          wait();
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      cancellation.request();
    } finally {
      pool.shutdown();
    }
    synchronized (this) {
      return List.copyOf(done);
    }
  }

  private void work(Move m) {
    gate.join();
    try {
      workJoined(m);
    } finally {
      gate.leave();
    }
  }

  private void workJoined(Move m) {
    AtomicBoolean given = new AtomicBoolean();
    Runnable give =
        () -> {
          synchronized (this) {
            if (given.compareAndSet(false, true)) {
              lanes.give(m);
              notifyAll();
            }
          }
        };
    ChildMigration.Ran ran;
    Error fatal = null;
    try {
      ran = child.run(m, give);
    } catch (RuntimeException | Error e) {
      // An Error is recorded and counted like any failure before it goes on up; otherwise the
      // in-flight count would never come down and the evacuation would wait for it forever.
      fatal = e instanceof Error error ? error : null;
      ran =
          new ChildMigration.Ran(
              Moved.withoutFigures(
                  m.vm(),
                  m.destination(),
                  "failed",
                  0,
                  child.now(),
                  Optional.empty(),
                  "unknown (vfmigrate recover looks at both hosts)",
                  String.valueOf(e)),
              false);
    } finally {
      give.run();
    }
    synchronized (this) {
      inFlight--;
      int tried = attempts.merge(m.vm(), 1, Integer::sum);
      boolean others = inFlight > 0 || !done.isEmpty();
      if (ran.contended() && tried < ATTEMPTS && others && !cancellation.requested()) {
        queue.addFirst(m);
      } else {
        done.add(ran.moved());
      }
      notifyAll();
    }
    if (fatal != null) {
      throw fatal;
    }
  }

  private Moved notStarted(Move m) {
    return Moved.withoutFigures(
        m.vm(),
        m.destination(),
        Moved.NOT_STARTED,
        child.now(),
        child.now(),
        Optional.empty(),
        child.source(),
        "cancelled before its turn");
  }
}
