package io.vfmigrate.testing;

import static org.assertj.core.api.Assertions.fail;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;

/**
 * Waits in tests that must wait for real time (processes, sessions, sockets), with a ceiling far
 * above what a loaded shared machine needs. Nothing here asserts how fast something was: the
 * ceiling only turns "waited for without end" into a failure. Timings are for benchmarks, which
 * print them.
 */
public final class BoundedWait {
  /** The ceiling of every wait: minutes, so that only a wait without end reaches it. */
  public static final Duration CEILING = Duration.ofMinutes(2);

  private BoundedWait() {}

  /** Polls the condition until it holds; fails once {@link #CEILING} has passed. */
  public static void until(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + CEILING.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - deadline > 0) {
        fail("still not so after " + CEILING.toSeconds() + " s: " + what);
      }
      Thread.sleep(20);
    }
  }

  /**
   * Runs the action on another thread and returns what it returns (or throws what it throws); fails
   * when it has not ended within {@link #CEILING}, i.e. when it would have waited without end.
   */
  public static <T> T ends(String what, Callable<T> action) throws Throwable {
    ExecutorService executor = Executors.newSingleThreadExecutor();
    try {
      Future<T> result = executor.submit(action);
      try {
        return result.get(CEILING.toMillis(), TimeUnit.MILLISECONDS);
      } catch (TimeoutException e) {
        result.cancel(true);
        throw new AssertionError(
            "did not end within " + CEILING.toSeconds() + " s (waited without end): " + what, e);
      } catch (ExecutionException e) {
        throw e.getCause();
      }
    } finally {
      executor.shutdownNow();
    }
  }
}
