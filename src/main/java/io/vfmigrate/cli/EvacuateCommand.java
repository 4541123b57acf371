package io.vfmigrate.cli;

import io.vfmigrate.model.Names;
import io.vfmigrate.workflow.evacuate.Children;
import io.vfmigrate.workflow.evacuate.Evacuate;
import io.vfmigrate.workflow.evacuate.EvacuateRequest;
import io.vfmigrate.workflow.evacuate.EvacuationResult;
import io.vfmigrate.workflow.evacuate.Moved;
import io.vfmigrate.workflow.event.EventSink;
import io.vfmigrate.workflow.journal.OperationEnd;
import io.vfmigrate.workflow.journal.OperationKind;
import io.vfmigrate.workflow.migrate.Cancellation;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code vfmigrate evacuate}: every running VM off a host, within the caps. */
@Command(
    name = "evacuate",
    mixinStandardHelpOptions = true,
    description =
        "Move every running VM off a host (host maintenance): plan with the migration's guards"
            + " (a free prepared VF per VF, same card and firmware, room under the 4-per-PF cap),"
            + " name any VM that cannot go anywhere, then migrate concurrently, longest first,"
            + " each with its own rollback. Exit 0 when every VM moved, 5 when some did not, 3"
            + " when none could.")
final class EvacuateCommand implements Callable<Integer> {
  @ParentCommand VfmigrateCommand root;

  @Spec CommandSpec spec;

  @Mixin HostOptions hostOptions;

  @Option(names = "--host", required = true, paramLabel = "SRC", description = "Host to empty.")
  String host;

  @Option(
      names = "--to",
      paramLabel = "DST",
      description = "A destination (repeatable). Default: every other host of the inventory.")
  List<String> to = new ArrayList<>();

  @Option(
      names = "--max-parallel",
      paramLabel = "N",
      defaultValue = "4",
      description =
          "At most N migrations at once (default: ${DEFAULT-VALUE}); never more than 4 VFs of"
              + " one PF migrate at once, whatever N.")
  int maxParallel;

  @Option(
      names = "--dry-run",
      description =
          "Print the plan with predicted times and the VMs that cannot move; change nothing.")
  boolean dryRun;

  @Option(names = "--json", description = "Print per-VM events and the result as JSON lines.")
  boolean json;

  @Override
  public Integer call() {
    CliContext ctx = root.context();
    Names.hostName(host);
    EvacuateRequest request = new EvacuateRequest(host, to, maxParallel, dryRun, true);
    EventSink shown =
        json
            ? new EvacuationRenderer.JsonLines(ctx.out())
            : new EvacuationRenderer.Human(
                ctx.out(), new HumanRenderer(ctx.out(), hostOptions.verbose, false), dryRun);
    Object lock = new Object();
    EventSink events =
        e -> {
          synchronized (lock) {
            shown.emit(e);
          }
        };
    Cancellation cancellation = new Cancellation();
    Interrupts.onInterrupt(cancellation::request);
    EvacuationResult result;
    String[] parent = new String[1];
    try (Session session = Session.open(ctx, hostOptions.inventory(), events)) {
      session.fleet().get(host);
      List<String> hosts = new ArrayList<>(List.of(host));
      for (String d : to.isEmpty() ? session.fleet().names() : to) {
        session.fleet().get(d);
        if (!hosts.contains(d)) {
          hosts.add(d);
        }
      }
      result =
          Journaled.run(
              ctx,
              spec,
              dryRun,
              OperationKind.EVACUATE,
              Optional.empty(),
              hosts,
              events,
              run -> {
                Optional<Children> children = Optional.empty();
                if (!dryRun) {
                  parent[0] = run.runner().operation();
                  children =
                      Optional.of(
                          new Children(
                              OperationScope.operations(run.runner().journal()), parent[0]));
                }
                return new Evacuate(session.fleet(), events, cancellation, children).run(request);
              },
              EvacuateCommand::end);
    }
    EvacuationRenderer.result(ctx.out(), result, Optional.ofNullable(parent[0]), json);
    return exitCode(result);
  }

  /** The evacuation's end in the journal: its outcome, the makespan, and where each VM is. */
  static OperationEnd end(EvacuationResult r) {
    List<Moved> moved = r.migrations().stream().filter(Moved::migrated).toList();
    return new OperationEnd(
        r.outcome().word(),
        Clock.systemUTC().instant(),
        r.makespanMs(),
        Optional.empty(),
        moved.isEmpty()
            ? Optional.empty()
            : Optional.of(moved.stream().mapToLong(m -> m.ramBytes().orElse(0L)).sum()),
        moved.isEmpty()
            ? Optional.empty()
            : Optional.of(moved.stream().mapToLong(m -> m.deviceStateBytes().orElse(0L)).sum()),
        r.summary());
  }

  static int exitCode(EvacuationResult r) {
    return switch (r.outcome()) {
      case EVACUATED -> ExitCodes.OK;
      case PLANNED -> r.cannotMove().isEmpty() ? ExitCodes.OK : ExitCodes.NOT_READY;
      case REFUSED -> ExitCodes.NOT_READY;
      case PARTIAL -> ExitCodes.NEEDS_ATTENTION;
    };
  }
}
