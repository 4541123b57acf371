package io.vfmigrate.workflow.evacuate;

import java.util.Optional;

/**
 * How one VM's migration of an evacuation ended.
 *
 * @param outcome {@code migrated}, {@code rolled-back}, {@code refused}, {@code failed}, or {@code
 *     not-started} (cancelled before its turn)
 * @param startedMs when it started, since the evacuation began (source's clock)
 * @param endedMs when it ended, verification included
 * @param operation the journal's id of its MIGRATE operation (empty in a dry run)
 * @param where the host the VM runs on now
 */
public record Moved(
    String vm,
    String destination,
    String outcome,
    long startedMs,
    long endedMs,
    Optional<Long> downtimeMs,
    Optional<Long> totalTimeMs,
    Optional<Long> ramBytes,
    Optional<Long> deviceStateBytes,
    Optional<Boolean> verified,
    Optional<String> operation,
    String where,
    String detail) {
  /** The outcome of a VM whose migration was cancelled before its turn. */
  public static final String NOT_STARTED = "not-started";

  /** Whether its migration began at all: false when cancelled before its turn. */
  public boolean began() {
    return !outcome.equals(NOT_STARTED);
  }

  public boolean migrated() {
    return outcome.equals("migrated");
  }

  /** Migrated and, when verified at all, verified. */
  public boolean settled() {
    return migrated() && verified.orElse(true);
  }

  /** A migration that reported no figures: not started, or ended by an exception. */
  public static Moved withoutFigures(
      String vm,
      String destination,
      String outcome,
      long startedMs,
      long endedMs,
      Optional<String> operation,
      String where,
      String detail) {
    return new Moved(
        vm,
        destination,
        outcome,
        startedMs,
        endedMs,
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        operation,
        where,
        detail);
  }
}
