package io.vfmigrate.cli;

import io.vfmigrate.model.Names;
import io.vfmigrate.workflow.event.EventSink;
import io.vfmigrate.workflow.journal.OperationKind;
import io.vfmigrate.workflow.prepare.PrepareResult;
import io.vfmigrate.workflow.prepare.Teardown;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code vfmigrate teardown}: undoes {@code prepare}. */
@Command(
    name = "teardown",
    mixinStandardHelpOptions = true,
    description =
        "Undo host preparation in reverse order. Refused (exit 3) while a VM uses one of the"
            + " VFs.")
final class TeardownCommand implements Callable<Integer> {
  @ParentCommand VfmigrateCommand root;

  @Spec CommandSpec spec;

  @Mixin HostOptions hostOptions;

  @Option(names = "--host", required = true, paramLabel = "NAME", description = "Host.")
  String host;

  @Option(
      names = "--bridge",
      paramLabel = "NAME",
      defaultValue = "br-vf",
      description = "Open vSwitch bridge (default: ${DEFAULT-VALUE}).")
  String bridge;

  @Option(names = "--dry-run", description = "Print the commands that would run, in order.")
  boolean dryRun;

  @Option(names = "--json", description = "Print the result as JSON.")
  boolean json;

  @Override
  public Integer call() {
    CliContext ctx = root.context();
    Names.hostName(host);
    EventSink events =
        json || dryRun ? EventSink.none() : new HumanRenderer(ctx.out(), hostOptions.verbose);
    PrepareResult result;
    try (Session session = Session.open(ctx, hostOptions.inventory(), events)) {
      result =
          Journaled.run(
              ctx,
              spec,
              dryRun,
              OperationKind.TEARDOWN,
              Optional.empty(),
              List.of(host),
              events,
              run ->
                  new Teardown(run.runner(), run.claimant().liveness())
                      .run(session.fleet().get(host), bridge, dryRun),
              r -> Journaled.outcome("applied"));
    }
    PlanPrinter.print(ctx, result, json, dryRun, "teardown");
    return ExitCodes.OK;
  }
}
