package io.vfmigrate.cli;

import io.vfmigrate.model.Names;
import io.vfmigrate.workflow.event.EventSink;
import io.vfmigrate.workflow.journal.OperationKind;
import io.vfmigrate.workflow.migrate.Cancellation;
import io.vfmigrate.workflow.migrate.GuardHeadStart;
import io.vfmigrate.workflow.migrate.Migrate;
import io.vfmigrate.workflow.migrate.MigrateRequest;
import io.vfmigrate.workflow.migrate.MigrationOutcome;
import io.vfmigrate.workflow.migrate.MigrationResult;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code vfmigrate migrate}: guarded, monitored live migration with the VF. */
@Command(
    name = "migrate",
    mixinStandardHelpOptions = true,
    description =
        "Live-migrate a VM with its VF: guards, a claimed destination VF, the domain XML"
            + " rewritten for it, virsh migrate with progress and honest statistics (RAM + VF"
            + " device state), then verification in the guest. A failure before switchover is"
            + " rolled back: the VM keeps running on the source with its VF (exit 4).")
final class MigrateCommand implements Callable<Integer> {
  @ParentCommand VfmigrateCommand root;

  @Spec CommandSpec spec;

  @Mixin HostOptions hostOptions;

  @Parameters(paramLabel = "VM", description = "The VM to migrate.")
  String vm;

  @Option(names = "--from", required = true, paramLabel = "SRC", description = "Source host.")
  String from;

  @Option(names = "--to", required = true, paramLabel = "DST", description = "Destination host.")
  String to;

  @Option(
      names = "--dry-run",
      description =
          "Show the guards' verdicts, the chosen VF, the"
              + " rewritten XML and the commands; change nothing.")
  boolean dryRun;

  @Option(names = "--json", description = "Print progress events and the result as JSON lines.")
  boolean json;

  @Option(
      names = "--timeout",
      paramLabel = "S",
      description = "Give up (and roll back) after S seconds. Default: from RAM size.")
  Long timeoutSeconds;

  @Option(
      names = "--max-downtime",
      paramLabel = "MS",
      defaultValue = "500",
      description =
          "Highest downtime limit the switchover policy may raise to when pre-copy does not"
              + " converge (default: ${DEFAULT-VALUE} ms; it starts at QEMU's 300 ms).")
  long maxDowntimeMs;

  @Option(
      names = "--stall-timeout",
      paramLabel = "S",
      defaultValue = "30",
      description =
          "Treat the migration as failed (and roll back) when no byte moved for S seconds"
              + " (default: ${DEFAULT-VALUE}); libvirt itself waits forever on a cut link.")
  long stallSeconds;

  @Option(names = "--no-verify", description = "Skip the verification in the guest.")
  boolean noVerify;

  @Option(
      names = "--parallel-connections",
      paramLabel = "N",
      description =
          "Multifd with N channels (virsh migrate --parallel --parallel-connections N); by default"
              + " vfmigrate uses multifd when both hosts' QEMU support it.")
  Integer parallelConnections;

  @Option(
      names = "--no-parallel",
      description = "One migration channel, no multifd, whatever the hosts support.")
  boolean noParallel;

  @Option(
      names = {"--postcopy", "--postcopy-after-precopy"},
      description = "Refused: a VF cannot migrate with post-copy.")
  boolean postcopy;

  @Option(
      names = "--timeout-postcopy",
      description = "Refused: a VF cannot migrate with post-copy.")
  boolean timeoutPostcopy;

  @Option(names = "--tunnelled", description = "Refused: use a direct migration.")
  boolean tunnelled;

  @Option(
      names = "--copy-storage-all",
      description =
          "Copy the VM's disks to the destination (virsh migrate --copy-storage-all) instead of"
              + " needing storage both hosts share.")
  boolean copyStorageAll;

  @Option(
      names = "--report",
      paramLabel = "FILE",
      description =
          "Write the migration's report page (as vfmigrate report ID --html FILE) right after it"
              + " ends, rolled back or failed too.")
  String reportFile;

  @Override
  public Integer call() {
    CliContext ctx = root.context();
    if (!dryRun) {
      io.vfmigrate.journal.sqlite.SqliteJournal.warmUp();
    }
    Names.vmName(vm);
    checkReportFile();
    Names.hostName(from);
    Names.hostName(to);
    if (timeoutSeconds != null && timeoutSeconds <= 0) {
      throw new io.vfmigrate.model.InvalidInputException(
          "--timeout must be a positive number of seconds.", "e.g. --timeout 600");
    }
    if (stallSeconds < 5) {
      throw new io.vfmigrate.model.InvalidInputException(
          "--stall-timeout below 5 s would mistake a slow poll for a stall.",
          "give 5 or more, e.g. --stall-timeout 30");
    }
    long max = MigrateRequest.MAX_TIMEOUT.toSeconds();
    if (timeoutSeconds != null && timeoutSeconds > max) {
      throw new io.vfmigrate.model.InvalidInputException(
          "--timeout " + timeoutSeconds + " is more than a week.",
          "give at most " + max + " s, e.g. --timeout 600, or leave it out for one from RAM size");
    }
    if (stallSeconds > max) {
      throw new io.vfmigrate.model.InvalidInputException(
          "--stall-timeout " + stallSeconds + " is more than a week.",
          "give at most " + max + " s, e.g. --stall-timeout 30");
    }
    if (maxDowntimeMs > MigrateRequest.MAX_DOWNTIME.toMillis()) {
      throw new io.vfmigrate.model.InvalidInputException(
          "--max-downtime " + maxDowntimeMs + " is above QEMU's limit of 2000000 ms.",
          "give at most 2000000, e.g. --max-downtime 1000");
    }
    if (maxDowntimeMs < 300) {
      throw new io.vfmigrate.model.InvalidInputException(
          "--max-downtime below QEMU's default of 300 ms cannot help convergence.",
          "give 300 or more, e.g. --max-downtime 1000");
    }
    if (parallelConnections != null && noParallel) {
      throw new io.vfmigrate.model.InvalidInputException(
          "--parallel-connections and --no-parallel contradict each other.",
          "give one of them, or neither to let vfmigrate choose");
    }
    if (parallelConnections != null
        && (parallelConnections < 1
            || parallelConnections
                > io.vfmigrate.tools.virsh.MigrateOptions.MAX_PARALLEL_CONNECTIONS)) {
      throw new io.vfmigrate.model.InvalidInputException(
          "--parallel-connections must be 1 to "
              + io.vfmigrate.tools.virsh.MigrateOptions.MAX_PARALLEL_CONNECTIONS
              + " (QEMU's multifd-channels).",
          "e.g. --parallel-connections 6");
    }
    MigrateRequest request =
        MigrateRequest.builder(vm, from, to)
            .dryRun(dryRun)
            .timeout(Optional.ofNullable(timeoutSeconds).map(Duration::ofSeconds))
            .verify(!noVerify)
            .postcopy(postcopy || timeoutPostcopy)
            .tunnelled(tunnelled)
            .maxDowntime(Duration.ofMillis(maxDowntimeMs))
            .stallTimeout(Duration.ofSeconds(stallSeconds))
            .copyStorageAll(copyStorageAll)
            .noParallel(noParallel)
            .parallelConnections(Optional.ofNullable(parallelConnections))
            .build();
    EventSink events =
        json
            ? new JsonLinesRenderer(ctx.out())
            : new HumanRenderer(ctx.out(), hostOptions.verbose || dryRun, ctx.terminal());
    Cancellation cancellation = new Cancellation();
    Interrupts.onInterrupt(cancellation::request);
    MigrationResult result;
    java.util.concurrent.atomic.AtomicReference<String> operation =
        new java.util.concurrent.atomic.AtomicReference<>();
    // A dry run journals nothing but predicts from the journal's past migrations, when it has any.
    Optional<io.vfmigrate.journal.sqlite.SqliteJournal> history =
        dryRun && java.nio.file.Files.exists(Journals.file(ctx))
            ? Optional.of(Journals.open(ctx))
            : Optional.empty();
    try (Session session = Session.open(ctx, hostOptions.inventory(), events, List.of(from, to))) {
      // A wrong host or a name no host defines is invalid input (exit 2), told before an
      // operation is journaled.
      session.fleet().get(from);
      session.fleet().get(to);
      // The guards' first reads run while the name is checked and the operation journaled.
      GuardHeadStart headStart = GuardHeadStart.begin(session.fleet(), vm, from, to);
      headStart.requireKnown();
      result =
          Journaled.run(
              ctx,
              spec,
              dryRun,
              OperationKind.MIGRATE,
              Optional.of(vm),
              List.of(from, to),
              events,
              run -> {
                operation.set(run.runner().operation());
                Migrate migrate =
                    new Migrate(session.fleet(), cancellation, run.runner(), run.claimant())
                        .withHeadStart(headStart);
                history.ifPresent(migrate::withHistory);
                return migrate.run(request);
              },
              MigrateCommand::end);
    } catch (RuntimeException e) {
      writeReport(ctx, operation.get());
      throw e;
    } finally {
      history.ifPresent(io.vfmigrate.journal.sqlite.SqliteJournal::close);
    }
    MigrationReport.print(ctx, result, json);
    writeReport(ctx, operation.get());
    return exitCode(result);
  }

  /** A report file is refused before anything moves when it cannot be written there. */
  private void checkReportFile() {
    if (reportFile == null) {
      return;
    }
    if (dryRun) {
      throw new io.vfmigrate.model.InvalidInputException(
          "--report with --dry-run: a dry run is not journaled, so there is nothing to report.",
          "leave out --report, or --dry-run to migrate and report");
    }
    java.nio.file.Path dir = java.nio.file.Path.of(reportFile).toAbsolutePath().getParent();
    if (dir == null
        || !java.nio.file.Files.isDirectory(dir)
        || !java.nio.file.Files.isWritable(dir)) {
      throw new io.vfmigrate.model.InvalidInputException(
          "--report " + reportFile + ": " + dir + " is not a directory this user can write.",
          "give --report a file in an existing writable directory, e.g. --report ./vm1.html");
    }
  }

  /**
   * Writes the report of the operation that ran (none when it never began); a report that cannot be
   * written is a warning, never the migration's outcome.
   */
  private void writeReport(CliContext ctx, String id) {
    if (reportFile == null || id == null) {
      return;
    }
    java.nio.file.Path file = java.nio.file.Path.of(reportFile);
    try (io.vfmigrate.journal.sqlite.SqliteJournal journal = Journals.open(ctx)) {
      ReportFiles.write(ReportFiles.find(journal, journal.file(), id), file, false);
      (json ? ctx.err() : ctx.out()).println("report: " + file.toAbsolutePath());
    } catch (io.vfmigrate.model.VfmigrateException e) {
      ctx.err().println("warning: no report written: " + e.getMessage());
    }
    ctx.out().flush();
    ctx.err().flush();
  }

  /** The journal's record of how the migration ended; unknown statistics stay unknown. */
  static io.vfmigrate.workflow.journal.OperationEnd end(MigrationResult r) {
    return io.vfmigrate.workflow.migrate.MigrationEnd.of(r, java.time.Clock.systemUTC().instant());
  }

  static int exitCode(MigrationResult r) {
    if (r.outcome() == MigrationOutcome.REFUSED) {
      return ExitCodes.NOT_READY;
    }
    if (r.outcome() == MigrationOutcome.ROLLED_BACK) {
      return ExitCodes.ROLLED_BACK;
    }
    if (r.outcome() == MigrationOutcome.FAILED) {
      return ExitCodes.NEEDS_ATTENTION;
    }
    if (r.verified().isPresent() && !r.verified().get()) {
      return ExitCodes.NEEDS_ATTENTION;
    }
    if (r.error().isPresent()) {
      // Migrated, but something after the switchover was left undone (the error says what).
      return ExitCodes.NEEDS_ATTENTION;
    }
    return ExitCodes.OK;
  }
}
