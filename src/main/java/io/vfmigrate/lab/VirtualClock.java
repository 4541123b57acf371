package io.vfmigrate.lab;

import io.vfmigrate.host.HostClock;
import io.vfmigrate.lab.state.LabSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The lab's clock. Sleeping advances virtual time instantly and lets every running emulated process
 * (such as a migration) progress by the same amount, so a 30-second migration takes milliseconds of
 * wall time.
 */
public final class VirtualClock implements HostClock {
  /** Virtual time zero: an arbitrary fixed instant, so lab runs are reproducible. */
  public static final Instant EPOCH = Instant.parse("2026-01-01T00:00:00Z");

  private final LabSpec spec;
  private final List<Consumer<Duration>> tickers = new ArrayList<>();

  VirtualClock(LabSpec spec) {
    this.spec = spec;
  }

  @Override
  public Instant now() {
    return EPOCH.plusMillis(spec.clockMs);
  }

  @Override
  public void sleep(Duration duration) {
    advance(duration);
  }

  /** Moves time forward in steps of at most 100 ms, ticking every running process each step. */
  public void advance(Duration duration) {
    long remaining = duration.toMillis();
    while (remaining > 0) {
      long step = Math.min(100, remaining);
      spec.clockMs += step;
      remaining -= step;
      for (Consumer<Duration> ticker : List.copyOf(tickers)) {
        ticker.accept(Duration.ofMillis(step));
      }
    }
  }

  /** Registers a process that advances with the clock; remove it when it ends. */
  public void addTicker(Consumer<Duration> ticker) {
    tickers.add(ticker);
  }

  public void removeTicker(Consumer<Duration> ticker) {
    tickers.remove(ticker);
  }
}
