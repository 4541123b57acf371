package io.vfmigrate.workflow.migrate;

import java.time.Duration;
import java.util.OptionalLong;

/**
 * When pre-copy does not converge, raise the allowed downtime in steps, never beyond the operator's
 * maximum; never pause the guest (a paused guest's VF keeps dirtying memory through DMA, so pausing
 * does not force convergence).
 */
final class SwitchoverPolicy {
  static final Duration INITIAL = Duration.ofMillis(300);
  static final Duration STEP = Duration.ofMillis(100);
  static final int ITERATIONS_PER_STEP = 3;

  private final Duration max;
  private Duration current = INITIAL;
  private long iterationAtLastRaise;

  SwitchoverPolicy(Duration max) {
    this.max = max;
  }

  Duration current() {
    return current;
  }

  /**
   * Given the pre-copy iteration now running, the new downtime limit if it is time to raise it;
   * empty otherwise.
   */
  OptionalLong next(long iteration) {
    if (iteration - Math.max(1, iterationAtLastRaise) < ITERATIONS_PER_STEP) {
      return OptionalLong.empty();
    }
    if (current.compareTo(max) >= 0) {
      return OptionalLong.empty();
    }
    current = current.plus(STEP).compareTo(max) > 0 ? max : current.plus(STEP);
    iterationAtLastRaise = iteration;
    return OptionalLong.of(current.toMillis());
  }

  boolean exhausted() {
    return current.compareTo(max) >= 0;
  }
}
