package io.vfmigrate.host;

import java.time.Duration;
import java.time.Instant;

/**
 * Time as a host sees it. Workflows never read the wall clock or sleep directly: on real hosts this
 * is the system clock; in the lab it is the lab's virtual clock, so that sleeping between two polls
 * advances an emulated migration.
 */
public interface HostClock {
  Instant now();

  void sleep(Duration duration);

  /**
   * True for a simulated clock (the lab's virtual time), which moves only when someone sleeps: work
   * on several threads at once must then agree on when time moves ({@code evacuate} does).
   */
  default boolean simulated() {
    return false;
  }

  /** The wall clock. */
  static HostClock system() {
    return SystemClock.INSTANCE;
  }
}
