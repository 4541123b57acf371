package io.vfmigrate.workflow.journal;

import io.vfmigrate.model.NotReadyException;
import io.vfmigrate.workflow.claims.ClaimLiveness;
import io.vfmigrate.workflow.claims.ClaimOwner;
import io.vfmigrate.workflow.claims.Liveness;
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
  private final ClaimLiveness liveness;

  /** Operations of process {@code pid} on the machine {@code liveness} judges from. */
  public Operations(Journal journal, Clock clock, long pid, ClaimLiveness liveness) {
    this.journal = journal;
    this.clock = clock;
    this.machine = liveness.machine();
    this.pid = pid;
    this.liveness = liveness.withOperationEnded(this::ended);
  }

  private boolean ended(String operation) {
    return journal.operation(operation).map(OperationRecord::finished).orElse(false);
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

  /** Claims and operations are judged live or stale the same way. */
  public ClaimLiveness liveness() {
    return liveness;
  }

  /** Records the start of an operation after checking that nothing unfinished stands in its way. */
  public String begin(
      OperationKind kind, Optional<String> vm, List<String> hosts, String arguments) {
    return begin(kind, vm, hosts, arguments, Optional.empty());
  }

  /** The same, for an operation that is part of {@code parent} when given (an evacuation's). */
  public String begin(
      OperationKind kind,
      Optional<String> vm,
      List<String> hosts,
      String arguments,
      Optional<String> parent) {
    refuseIfBlocked(kind, vm, hosts);
    OperationStart start =
        new OperationStart(kind, vm, hosts, clock.instant(), machine, pid, arguments);
    return journal.begin(parent.map(start::withParent).orElse(start));
  }

  /**
   * True when the operation's process has ended, judged as a claim of it would be (a process of
   * another machine is unknown, so not dead).
   */
  public boolean dead(OperationRecord op) {
    return liveness.of(new ClaimOwner(op.id(), op.machine(), op.pid(), op.started()))
        == Liveness.STALE;
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
