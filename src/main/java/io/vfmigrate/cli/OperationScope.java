package io.vfmigrate.cli;

import io.vfmigrate.host.ShellQuoting;
import io.vfmigrate.model.NotReadyException;
import io.vfmigrate.model.RolledBackException;
import io.vfmigrate.model.VfmigrateException;
import io.vfmigrate.workflow.claims.ClaimLiveness;
import io.vfmigrate.workflow.event.EventSink;
import io.vfmigrate.workflow.journal.Journal;
import io.vfmigrate.workflow.journal.OperationEnd;
import io.vfmigrate.workflow.journal.OperationKind;
import io.vfmigrate.workflow.journal.Operations;
import io.vfmigrate.workflow.steps.StepRunner;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * One journaled operation of this CLI run: begun before the command changes anything (refused while
 * an interrupted operation on the same VM or host waits for {@code recover}), ended with its
 * outcome. A process killed in between leaves it unfinished, which is what {@code recover} reads.
 */
final class OperationScope {
  private final Operations operations;
  private final String id;
  private boolean ended;

  private OperationScope(Operations operations, String id) {
    this.operations = operations;
    this.id = id;
  }

  /** The journal's view of this process: machine, PID, clock and process table. */
  static Operations operations(Journal journal) {
    return new Operations(
        journal, Clock.systemUTC(), ProcessHandle.current().pid(), ClaimLiveness.onThisMachine());
  }

  static OperationScope begin(
      Journal journal,
      OperationKind kind,
      Optional<String> vm,
      List<String> hosts,
      List<String> arguments) {
    Operations ops = operations(journal);
    String id = ops.begin(kind, vm, hosts, ShellQuoting.join(arguments));
    return new OperationScope(ops, id);
  }

  /** Records an operation that was refused before it could begin. */
  static void refused(
      Journal journal,
      OperationKind kind,
      Optional<String> vm,
      List<String> hosts,
      List<String> arguments,
      VfmigrateException why) {
    Operations ops = operations(journal);
    String id =
        journal.begin(
            new io.vfmigrate.workflow.journal.OperationStart(
                kind,
                vm,
                hosts,
                ops.clock().instant(),
                ops.machine(),
                ops.pid(),
                ShellQuoting.join(arguments)));
    journal.end(id, OperationEnd.of("refused", ops.clock().instant(), why.getMessage()));
  }

  String id() {
    return id;
  }

  Operations operations() {
    return operations;
  }

  StepRunner runner(EventSink events) {
    return new StepRunner(operations.journal(), id, events, operations.clock());
  }

  void end(OperationEnd end) {
    if (!ended) {
      operations.journal().end(id, end);
      ended = true;
    }
  }

  void end(String outcome, String detail) {
    end(OperationEnd.of(outcome, operations.clock().instant(), detail));
  }

  static String outcomeOf(VfmigrateException e) {
    if (e instanceof NotReadyException) {
      return "refused";
    }
    if (e instanceof RolledBackException) {
      return "rolled-back";
    }
    return "failed";
  }
}
