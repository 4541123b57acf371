package io.vfmigrate.cli;

import io.vfmigrate.host.Fleet;
import io.vfmigrate.lab.LabStore;
import io.vfmigrate.model.InvalidInputException;
import io.vfmigrate.workflow.attach.Attach;
import io.vfmigrate.workflow.attach.AttachResult;
import io.vfmigrate.workflow.migrate.Cancellation;
import io.vfmigrate.workflow.migrate.Migrate;
import io.vfmigrate.workflow.migrate.MigrateRequest;
import io.vfmigrate.workflow.migrate.MigrationResult;
import io.vfmigrate.workflow.preflight.Preflight;
import io.vfmigrate.workflow.preflight.PreflightReport;
import io.vfmigrate.workflow.prepare.Prepare;
import io.vfmigrate.workflow.prepare.PrepareOptions;
import io.vfmigrate.workflow.prepare.PrepareResult;
import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code lab demo}: the whole procedure on a fresh built-in lab, every command shown. */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description =
        "Run the whole procedure on a fresh built-in lab: check both hosts, prepare both, attach"
            + " a VF to vm1, migrate vm1 from src to dst, verify - showing every command.")
final class LabDemo implements Callable<Integer> {
  @ParentCommand LabCommand lab;

  @Option(
      names = "--yes",
      description =
          "Replace a lab made from your own description (lab init --from) without asking.")
  boolean yes;

  @Override
  public Integer call() {
    CliContext ctx = lab.context();
    PrintWriter out = ctx.out();
    LabStore store = Session.labStore(ctx);
    try (LabStore.Lock lock = store.lock()) {
      if (!yes && store.isCustom()) {
        throw new InvalidInputException(
            "A lab of your own exists under " + store.directory() + "; lab demo would replace it.",
            "add --yes to replace it with the built-in lab, or run the demo with another"
                + " VFMIGRATE_HOME.");
      }
      store.initBuiltIn();
    }
    out.println(
        "A fresh built-in lab under "
            + store.directory()
            + ": hosts src and dst with a ConnectX-7 each, vm1 running on src.");
    HumanRenderer events = new HumanRenderer(out, true, ctx.terminal());
    MigrationResult result;
    try (Session session = Session.open(ctx, Optional.empty(), events)) {
      Fleet fleet = session.fleet();
      heading(out, "1. Preflight on both hosts (vfmigrate check)");
      PreflightReport report = new Preflight(fleet, e -> {}).run(List.of(), Optional.of("vm1"));
      new FindingsTable(out, ctx.style()).print(report);
      if (!report.ok()) {
        return ExitCodes.NOT_READY;
      }
      for (String host : List.of("src", "dst")) {
        heading(out, "Prepare " + host + " (vfmigrate prepare --host " + host + ")");
        PrepareResult r =
            new Prepare(events)
                .run(fleet.get(host), new PrepareOptions("br-vf", OptionalInt.empty()), false);
        out.println(host + ": " + Plural.of(r.steps().size(), "step") + " applied.");
      }
      heading(out, "Attach a VF to vm1 on src (vfmigrate attach vm1 --host src)");
      AttachResult a =
          new Attach(fleet, events).run("vm1", "src", Optional.empty(), Optional.empty(), false);
      out.println(a.interfaceXml().strip());
      heading(
          out,
          "Migrate vm1 from src to dst, then verify (vfmigrate migrate vm1 --from src --to dst)");
      result =
          new Migrate(fleet, events, new Cancellation())
              .run(MigrateRequest.builder("vm1", "src", "dst").build());
    }
    MigrationReport.print(ctx, result, false);
    return MigrateCommand.exitCode(result);
  }

  private static void heading(PrintWriter out, String text) {
    out.println();
    out.println("== " + text);
  }
}
