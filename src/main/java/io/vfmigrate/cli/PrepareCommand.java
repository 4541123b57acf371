package io.vfmigrate.cli;

import io.vfmigrate.model.Names;
import io.vfmigrate.workflow.event.EventSink;
import io.vfmigrate.workflow.journal.OperationKind;
import io.vfmigrate.workflow.prepare.Prepare;
import io.vfmigrate.workflow.prepare.PrepareOptions;
import io.vfmigrate.workflow.prepare.PrepareResult;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code vfmigrate prepare}: the procedure's host preparation, idempotent. */
@Command(
    name = "prepare",
    mixinStandardHelpOptions = true,
    description =
        "Prepare a host for VF migration (procedure steps 1-5): switchdev, VFs, detach,"
            + " migratable, Open vSwitch with hw-offload and a bridge with the PF uplink and VF"
            + " representors. Plans only what is missing; a failed step is undone with the steps"
            + " before it (exit 4).")
final class PrepareCommand implements Callable<Integer> {
  @ParentCommand VfmigrateCommand root;

  @Spec CommandSpec spec;

  @Mixin HostOptions hostOptions;

  @Option(names = "--host", required = true, paramLabel = "NAME", description = "Host to prepare.")
  String host;

  @Option(
      names = "--bridge",
      paramLabel = "NAME",
      defaultValue = "br-vf",
      description = "Open vSwitch bridge (default: ${DEFAULT-VALUE}).")
  String bridge;

  @Option(
      names = "--vfs",
      paramLabel = "N",
      description = "Number of VFs (default: keep the current count, at least 1).")
  Integer vfs;

  @Option(names = "--dry-run", description = "Print the commands that would run, in order.")
  boolean dryRun;

  @Option(names = "--json", description = "Print the result as JSON.")
  boolean json;

  @Override
  public Integer call() {
    CliContext ctx = root.context();
    Names.hostName(host);
    PrepareOptions options =
        new PrepareOptions(bridge, vfs == null ? OptionalInt.empty() : OptionalInt.of(vfs));
    EventSink events =
        json || dryRun ? EventSink.none() : new HumanRenderer(ctx.out(), hostOptions.verbose);
    PrepareResult result;
    try (Session session = Session.open(ctx, hostOptions.inventory(), events)) {
      result =
          Journaled.run(
              ctx,
              spec,
              dryRun,
              OperationKind.PREPARE,
              Optional.empty(),
              List.of(host),
              events,
              run ->
                  new Prepare(run.runner(), run.claimant().liveness())
                      .run(session.fleet().get(host), options, dryRun),
              r -> Journaled.outcome(r.rebootRequired() ? "reboot-required" : "applied"));
    }
    PlanPrinter.print(ctx, result, json, dryRun, "prepare");
    return result.rebootRequired() ? ExitCodes.NOT_READY : ExitCodes.OK;
  }
}
