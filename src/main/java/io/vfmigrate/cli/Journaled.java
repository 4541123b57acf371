package io.vfmigrate.cli;

import io.vfmigrate.model.NotReadyException;
import io.vfmigrate.model.VfmigrateException;
import io.vfmigrate.workflow.claims.Claimant;
import io.vfmigrate.workflow.claims.Claims;
import io.vfmigrate.workflow.claims.ControlProcess;
import io.vfmigrate.workflow.event.EventSink;
import io.vfmigrate.workflow.journal.OperationEnd;
import io.vfmigrate.workflow.journal.OperationKind;
import io.vfmigrate.workflow.steps.StepRunner;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Runs a command that changes hosts as one journaled operation. A dry run changes nothing and is
 * not journaled.
 */
final class Journaled {
  private Journaled() {}

  static <T> T run(
      CliContext ctx,
      CommandSpec spec,
      boolean dryRun,
      OperationKind kind,
      Optional<String> vm,
      List<String> hosts,
      EventSink events,
      Function<Run, T> work,
      Function<T, OperationEnd> end) {
    if (dryRun) {
      StepRunner runner = StepRunner.inMemory(events);
      return work.apply(new Run(runner, Claimant.forOperation(runner.operation())));
    }
    try (JournalHandle handle = JournalHandle.open(ctx)) {
      List<String> args = List.of(kind.label());
      if (spec != null
          && spec.commandLine() != null
          && spec.commandLine().getParseResult() != null) {
        args = spec.commandLine().getParseResult().originalArgs();
      }
      OperationScope scope;
      try {
        scope = OperationScope.begin(handle.journal(), kind, vm, hosts, args);
      } catch (NotReadyException e) {
        // Refused before it began (an interrupted operation waits for recover): on record too.
        OperationScope.refused(handle.journal(), kind, vm, hosts, args, e);
        throw e;
      }
      T result;
      try {
        result =
            work.apply(
                new Run(
                    scope.runner(events),
                    new Claimant(
                        new Claims(scope.operations().liveness()),
                        ControlProcess.current(),
                        scope.id())));
      } catch (VfmigrateException e) {
        scope.end(OperationScope.outcomeOf(e), e.getMessage());
        throw e;
      } catch (RuntimeException e) {
        scope.end("failed", String.valueOf(e));
        throw e;
      }
      scope.end(end.apply(result));
      return result;
    }
  }

  /** What a journaled command's work gets: its step runner and its claims' owner. */
  record Run(StepRunner runner, Claimant claimant) {}

  /** An end with just an outcome word, now. */
  static OperationEnd outcome(String word) {
    return OperationEnd.of(word, Clock.systemUTC().instant(), "");
  }
}
