package io.vfmigrate.workflow.journal;

import java.time.Instant;
import java.util.Optional;

/**
 * Whether the process that began an operation is still alive. A PID alone is not enough: it may
 * have been reused, so a process that started after the operation began is not its owner.
 */
public interface ProcessTable {
  /** When the process with {@code pid} started, or empty when no such process runs here. */
  Optional<Instant> startOf(long pid);

  /**
   * True when {@code pid} runs here and is old enough to be the one that began at {@code since}.
   */
  default boolean alive(long pid, Instant since) {
    return startOf(pid).map(start -> !start.isAfter(since)).orElse(false);
  }

  /** The operating system's process table. */
  static ProcessTable system() {
    return pid -> ProcessHandle.of(pid).flatMap(p -> p.info().startInstant());
  }
}
