package io.vfmigrate.cli;

import io.vfmigrate.workflow.event.EventSink;
import io.vfmigrate.workflow.journal.Journal;
import io.vfmigrate.workflow.recover.Recover;
import io.vfmigrate.workflow.recover.RecoverReport;
import io.vfmigrate.workflow.recover.Recovery;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code vfmigrate recover}: settles operations whose process died. */
@Command(
    name = "recover",
    mixinStandardHelpOptions = true,
    description =
        "Find operations that never ended (vfmigrate was killed, the machine lost power) and bring"
            + " the hosts to a consistent state: where the VM runs, paused copies, VFs and claims"
            + " are looked at, and each operation is finished or undone. Never destroys the only"
            + " running copy of a VM. Exit 0 when all is consistent, 5 when a person must decide.")
final class RecoverCommand implements Callable<Integer> {
  @ParentCommand VfmigrateCommand root;

  @Mixin HostOptions hostOptions;

  @Option(names = "--dry-run", description = "Say what would be done; change nothing.")
  boolean dryRun;

  @Option(names = "--json", description = "Print the result as JSON.")
  boolean json;

  @Override
  public Integer call() {
    CliContext ctx = root.context();
    EventSink events = json ? EventSink.none() : new HumanRenderer(ctx.out(), hostOptions.verbose);
    RecoverReport report;
    try (JournalHandle handle = JournalHandle.open(ctx)) {
      Journal journal = handle.journal();
      try (Session session = Session.open(ctx, hostOptions.inventory(), events)) {
        report =
            new Recover(session.fleet(), OperationScope.operations(journal), events).run(dryRun);
      }
    }
    print(ctx, report);
    return report.consistent() ? ExitCodes.OK : ExitCodes.NEEDS_ATTENTION;
  }

  private void print(CliContext ctx, RecoverReport report) {
    if (json) {
      ctx.out()
          .println(
              Json.write(
                  new JsonReport(
                      report.operations().stream().map(JsonOperation::of).toList(),
                      report.claimsCleared(),
                      report.consistent(),
                      report.dryRun())));
      return;
    }
    if (report.operations().isEmpty() && report.claimsCleared().isEmpty()) {
      ctx.out().println("Nothing to recover: every journaled operation has ended.");
      return;
    }
    for (Recovery r : report.operations()) {
      ctx.out()
          .println(
              r.id()
                  + "  "
                  + r.kind()
                  + r.vm().map(v -> " " + v).orElse("")
                  + ": "
                  + (report.dryRun() && r.action() != Recovery.Action.NONE ? "would be " : "")
                  + r.action().label()
                  + (r.needsAttention() ? " (needs attention)" : "")
                  + "\n    "
                  + r.detail());
    }
    for (String claim : report.claimsCleared()) {
      ctx.out().println((report.dryRun() ? "would clear claim " : "cleared claim ") + claim);
    }
    ctx.out()
        .println(
            report.consistent()
                ? "All consistent."
                : "Something needs a person: see the detail above.");
  }

  record JsonReport(
      List<JsonOperation> operations, List<String> claimsCleared, boolean ok, boolean dryRun) {}

  record JsonOperation(
      String id, String kind, String vm, String action, String detail, boolean needsAttention) {
    static JsonOperation of(Recovery r) {
      return new JsonOperation(
          r.id(),
          r.kind(),
          r.vm().orElse(null),
          r.action().label(),
          r.detail(),
          r.needsAttention());
    }
  }
}
