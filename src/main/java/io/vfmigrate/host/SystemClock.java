package io.vfmigrate.host;

import java.time.Duration;
import java.time.Instant;

/** The wall clock; sleeping blocks the calling thread. */
final class SystemClock implements HostClock {
  static final SystemClock INSTANCE = new SystemClock();

  private SystemClock() {}

  @Override
  public Instant now() {
    return Instant.now();
  }

  @Override
  public void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new HostException("Interrupted while waiting.", "run the command again.", e);
    }
  }
}
