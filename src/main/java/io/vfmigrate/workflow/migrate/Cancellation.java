package io.vfmigrate.workflow.migrate;

import java.util.concurrent.atomic.AtomicBoolean;

/** Set when the operator interrupts (Ctrl-C); the monitor then aborts and rolls back. */
public final class Cancellation {
  private final AtomicBoolean requested = new AtomicBoolean();

  public void request() {
    requested.set(true);
  }

  public boolean requested() {
    return requested.get();
  }
}
