package io.vfmigrate.workflow.migrate;

import java.time.Duration;
import java.util.OptionalLong;

/**
 * When pre-copy does not converge, raise the allowed downtime in steps, never beyond the operator's
 * maximum; never pause the guest (a paused guest's VF keeps dirtying memory through DMA, so pausing
 * does not force convergence). Not converging means QEMU's expected downtime stays above the limit
 * for several samples while iterations go on; many short iterations alone are normal (with
 * switchover-ack QEMU iterates until the destination has loaded the VF's state).
 */
final class SwitchoverPolicy {
  static final Duration INITIAL = Duration.ofMillis(300);
  static final Duration STEP = Duration.ofMillis(100);
  static final int SAMPLES_PER_STEP = 3;

  private final Duration max;
  private Duration current = INITIAL;
  private int samplesAbove;
  private long iterationAtLastRaise = -1;

  SwitchoverPolicy(Duration max) {
    this.max = max;
  }

  Duration current() {
    return current;
  }

  /**
   * Given the iteration QEMU is in and its expected downtime, the new downtime limit if it is time
   * to raise it; empty otherwise.
   */
  OptionalLong next(long iteration, OptionalLong expectedDowntimeMs) {
    if (iteration < 2
        || expectedDowntimeMs.isEmpty()
        || expectedDowntimeMs.getAsLong() <= current.toMillis()) {
      samplesAbove = 0;
      return OptionalLong.empty();
    }
    samplesAbove++;
    if (samplesAbove < SAMPLES_PER_STEP
        || iteration == iterationAtLastRaise
        || current.compareTo(max) >= 0) {
      return OptionalLong.empty();
    }
    current = current.plus(STEP).compareTo(max) > 0 ? max : current.plus(STEP);
    iterationAtLastRaise = iteration;
    samplesAbove = 0;
    return OptionalLong.of(current.toMillis());
  }
}
