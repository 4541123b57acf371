package io.vfmigrate.lab;

import io.vfmigrate.host.HostClock;
import io.vfmigrate.lab.machine.LabTime;
import io.vfmigrate.lab.machine.migration.RunningMigrations;
import java.time.Duration;
import java.time.Instant;

/**
 * The lab's clock. Sleeping advances virtual time instantly and lets every running emulated
 * migration progress by the same amount, so a 30-second migration takes milliseconds of wall time.
 * Time is part of the lab's state ({@code clock_ms}): whichever vfmigrate process sleeps advances
 * it for all, and the migrations with it, one step after the other, so the outcome depends only on
 * the sequence of commands.
 */
public final class VirtualClock implements HostClock {
  /** Virtual time zero: an arbitrary fixed instant, so lab runs are reproducible. */
  public static final Instant EPOCH = Instant.parse("2026-01-01T00:00:00Z");

  /** The usual step; migrations are advanced in steps of this size at most. */
  private static final long STEP_MS = 100;

  private final Lab lab;

  VirtualClock(Lab lab) {
    this.lab = lab;
  }

  /** The lab this clock belongs to (emulated processes run their operations through it). */
  public Lab lab() {
    return lab;
  }

  @Override
  public Instant now() {
    return lab.exclusive(() -> EPOCH.plusMillis(lab.spec().clockMs));
  }

  @Override
  public boolean simulated() {
    return true;
  }

  @Override
  public void sleep(Duration duration) {
    advance(duration);
  }

  /**
   * Moves time forward in steps of at most 100 ms, advancing every running migration each step.
   * While a {@code kill_client} fault waits for a migration phase, steps are 1 ms, so the kill
   * lands at its instant. A process that is to die stops advancing where it is.
   */
  public void advance(Duration duration) {
    lab.exclusive(
        () -> {
          long remaining = duration.toMillis();
          long maxStep = RunningMigrations.watchedByFaults(lab.spec()) ? 1 : STEP_MS;
          while (remaining > 0 && !lab.dying()) {
            long step = Math.min(maxStep, remaining);
            LabTime.advance(lab.spec(), step);
            remaining -= step;
            RunningMigrations.tick(lab.spec(), step, lab::killClientOf);
          }
        });
  }
}
