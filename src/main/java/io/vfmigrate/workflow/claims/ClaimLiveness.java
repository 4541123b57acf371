package io.vfmigrate.workflow.claims;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Tells whether the owner of a claim still runs.
 *
 * <ul>
 *   <li>a claim of this machine whose PID runs no process, or a process that started after the
 *       claim was taken (the PID was reused), is stale;
 *   <li>a claim of this machine whose process runs is live;
 *   <li>a claim of another machine is unknown, treated as live (vfmigrate never takes it over),
 *       unless {@code operationEnded} (the journal) says its operation ended: then it is stale;
 *   <li>an unreadable claim is unknown.
 * </ul>
 */
public final class ClaimLiveness {
  /**
   * The kernel dates a process from its boot time in whole seconds, so a process's start instant
   * can read a little later than the instant it took a claim. A process that took a claim started
   * before it; only a start later than this margin means the PID was reused.
   */
  static final Duration START_MARGIN = Duration.ofSeconds(1);

  private final String machine;
  private final ProcessTable processes;
  private final Predicate<String> operationEnded;

  /**
   * @param machine the hostname of this control machine
   * @param processes this machine's processes
   * @param operationEnded whether an operation, by id, is known to have ended (the journal)
   */
  public ClaimLiveness(String machine, ProcessTable processes, Predicate<String> operationEnded) {
    this.machine = Objects.requireNonNull(machine, "machine");
    this.processes = Objects.requireNonNull(processes, "processes");
    this.operationEnded = Objects.requireNonNull(operationEnded, "operationEnded");
  }

  /** This machine's processes through {@link ProcessHandle}; no journal yet. */
  public static ClaimLiveness onThisMachine() {
    return new ClaimLiveness(ControlProcess.hostname(), ProcessTable.system(), op -> false);
  }

  /** The same, with the journal's word on which operations ended. */
  public ClaimLiveness withOperationEnded(Predicate<String> ended) {
    return new ClaimLiveness(machine, processes, ended);
  }

  public String machine() {
    return machine;
  }

  public Liveness of(Claim claim) {
    return claim.owner().map(this::of).orElse(Liveness.UNKNOWN);
  }

  public Liveness of(ClaimOwner owner) {
    if (!owner.machine().equals(machine)) {
      return operationEnded.test(owner.operation()) ? Liveness.STALE : Liveness.UNKNOWN;
    }
    Optional<ProcessTable.RunningProcess> process = processes.find(owner.pid());
    if (process.isEmpty()) {
      return Liveness.STALE;
    }
    boolean reused =
        process
            .get()
            .started()
            .map(started -> started.isAfter(owner.since().plus(START_MARGIN)))
            .orElse(false);
    return reused ? Liveness.STALE : Liveness.LIVE;
  }

  public Holder judge(Claim claim) {
    return new Holder(claim, of(claim));
  }
}
