package io.vfmigrate.workflow.journal;

import io.vfmigrate.model.NotReadyException;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * Begins journaled operations for one vfmigrate process. An operation is refused while the same VM,
 * or a host it changes, has an unfinished operation whose process has died: {@code vfmigrate
 * recover} must settle that one first. A live operation on the same VM is refused too (one
 * operation per VM at a time); live operations on the same host go on side by side, kept apart by
 * the host-side claims.
 */
public final class Operations {
  private final Journal journal;
  private final Clock clock;
  private final String machine;
  private final long pid;
  private final ProcessTable processes;

  public Operations(
      Journal journal, Clock clock, String machine, long pid, ProcessTable processes) {
    this.journal = journal;
    this.clock = clock;
    this.machine = machine;
    this.pid = pid;
    this.processes = processes;
  }

  public Journal journal() {
    return journal;
  }

  public Clock clock() {
    return clock;
  }

  public String machine() {
    return machine;
  }

  public long pid() {
    return pid;
  }

  public ProcessTable processes() {
    return processes;
  }

  /** Records the start of an operation after checking that nothing unfinished stands in its way. */
  public String begin(
      OperationKind kind, Optional<String> vm, List<String> hosts, String arguments) {
    refuseIfBlocked(kind, vm, hosts);
    return journal.begin(
        new OperationStart(kind, vm, hosts, clock.instant(), machine, pid, arguments));
  }

  /**
   * True when the operation's process has ended (or runs on another machine: unknown, so false).
   */
  public boolean dead(OperationRecord op) {
    return op.machine().equals(machine) && !processes.alive(op.pid(), op.started());
  }

  private void refuseIfBlocked(OperationKind kind, Optional<String> vm, List<String> hosts) {
    for (OperationRecord op : journal.unfinished()) {
      boolean sameVm = vm.isPresent() && op.vm().equals(vm);
      boolean sameHost = op.hosts().stream().anyMatch(hosts::contains);
      if (dead(op) && (sameVm || sameHost)) {
        throw new NotReadyException(
            "Operation "
                + op.id()
                + " ("
                + describe(op)
                + ") was interrupted (process "
                + op.pid()
                + " on "
                + op.machine()
                + " is gone) and has not been settled; "
                + kind.label()
                + " would change "
                + (sameVm ? vm.get() : String.join(", ", hosts))
                + " under it.",
            "run vfmigrate recover (it finishes or undoes " + op.id() + "), then run this again");
      }
      if (sameVm && !dead(op)) {
        throw new NotReadyException(
            "Operation "
                + op.id()
                + " ("
                + describe(op)
                + ") is running now (process "
                + op.pid()
                + " on "
                + op.machine()
                + ").",
            "wait for it to end (vfmigrate history " + op.id() + " shows its steps)");
      }
    }
  }

  static String describe(OperationRecord op) {
    return op.kind().label()
        + op.vm().map(v -> " " + v).orElse("")
        + (op.hosts().isEmpty() ? "" : " on " + String.join(", ", op.hosts()));
  }
}
