package io.vfmigrate.workflow.migrate;

import java.util.Locale;

/** How a migration ended (the {@code outcome} of {@code migrate --json}). */
public enum MigrationOutcome {
  /** The VM runs on the destination. */
  MIGRATED,
  /** It failed before switchover and the VM runs on the source as before. */
  ROLLED_BACK,
  /** A guard refused it; nothing was changed. */
  REFUSED,
  /** It failed and the VM's state needs an operator. */
  FAILED,
  /** A dry run: nothing was changed. */
  PLANNED;

  public String word() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }
}
