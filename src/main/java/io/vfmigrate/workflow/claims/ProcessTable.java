package io.vfmigrate.workflow.claims;

import java.time.Instant;
import java.util.Optional;

/** The processes of the control machine, as far as claim liveness needs them. */
public interface ProcessTable {
  /** A running process and when it started, when the system says. */
  record RunningProcess(long pid, Optional<Instant> started) {}

  /** The process with this PID, or empty when none runs. */
  Optional<RunningProcess> find(long pid);

  /** The processes of this machine, through {@link ProcessHandle}. */
  static ProcessTable system() {
    return pid ->
        ProcessHandle.of(pid)
            .filter(ProcessHandle::isAlive)
            .map(h -> new RunningProcess(pid, h.info().startInstant()));
  }
}
