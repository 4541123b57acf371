package io.vfmigrate.cli;

import io.vfmigrate.host.Fleet;
import io.vfmigrate.lab.LabStore;
import io.vfmigrate.lab.machine.BenchLab;
import io.vfmigrate.lab.state.LabSpec;
import io.vfmigrate.workflow.migrate.MigrationOutcome;
import io.vfmigrate.workflow.migrate.MigrationResult;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code lab bench}: how fast the lab emulates a migration, and what it predicts, for several VM
 * sizes and VF counts. Runs in memory; the persisted lab is not touched.
 */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description =
        "Measure the lab: migrate vm1 of several sizes from src to dst in fresh in-memory labs"
            + " and print wall time, virtual time, downtime and bytes.")
final class LabBench implements Callable<Integer> {
  @ParentCommand LabCommand lab;

  @Option(names = "--runs", defaultValue = "3", description = "Runs per size (default: 3).")
  int runs;

  @Option(
      names = "--json",
      description =
          "Print the scenarios (1 and 4 VFs on a multifd pair) with their physical bounds as"
              + " JSON: {\"scenarios\": [...]}.")
  boolean json;

  @Option(
      names = "--predictions",
      description =
          "Compare migrate --dry-run's prediction with the migration that follows it, over RAM"
              + " sizes, dirty rates, links, 0-4 VFs and multifd on or off (with --json: an object"
              + " whose predictions list has one entry per scenario); exit 5 when one is off by"
              + " more than 25%%.")
  boolean predictions;

  @Override
  public Integer call() {
    PrintWriter out = lab.context().out();
    if (predictions) {
      return predictions(out);
    }
    if (json) {
      out.println(
          Json.compact(
              java.util.Map.of(
                  "scenarios",
                  BenchScenarios.run().stream().map(BenchScenarios.Scenario::json).toList())));
      return ExitCodes.OK;
    }
    boolean failed = false;
    out.printf(
        "%-8s %-14s %10s %10s %10s %12s %12s%n",
        "memory", "switchover-ack", "wall ms", "virtual ms", "downtime", "RAM MiB", "VF MiB");
    for (String memory : List.of("1GiB", "8GiB", "16GiB", "64GiB")) {
      for (boolean ack : List.of(true, false)) {
        for (int i = 0; i < runs; i++) {
          LabSpec spec = BenchLab.of(LabStore.defaultSpec(), memory, ack);
          Fleet fleet = BenchScenarios.ready(spec, 1);
          long start = System.nanoTime();
          MigrationResult r = BenchScenarios.migrateVm1(fleet);
          long wallMs = (System.nanoTime() - start) / 1_000_000;
          out.println(row(memory, ack, wallMs, r));
          if (r.outcome() != MigrationOutcome.MIGRATED) {
            failed = true;
          }
        }
      }
    }
    if (failed) {
      out.println("A bench migration did not complete: its row shows why; no figures for it.");
      return ExitCodes.NEEDS_ATTENTION;
    }
    out.println();
    out.printf(
        "%-16s %4s %10s %10s %8s %10s %8s %10s %10s %10s %8s %10s%n",
        "scenario",
        "VFs",
        "total ms",
        "bound",
        "ratio",
        "any-order",
        "ratio",
        "predicted",
        "downtime",
        "bound",
        "ratio",
        "predicted");
    for (BenchScenarios.Scenario sc : BenchScenarios.run()) {
      out.printf(
          "%-16s %4d %10d %10d %8.2f %10d %8.2f %10d %10d %10d %8.2f %10d%n",
          sc.name(),
          sc.vfs(),
          sc.totalMs(),
          sc.totalBoundMs(),
          (double) sc.totalMs() / sc.totalBoundMs(),
          sc.totalBoundAnyOrderMs(),
          (double) sc.totalMs() / sc.totalBoundAnyOrderMs(),
          sc.predictedTotalMs(),
          sc.downtimeMs(),
          sc.downtimeBoundMs(),
          (double) sc.downtimeMs() / sc.downtimeBoundMs(),
          sc.predictedDowntimeMs());
    }
    return ExitCodes.OK;
  }

  private int predictions(PrintWriter out) {
    List<PredictionScenarios.Outcome> outcomes = PredictionScenarios.run();
    boolean within = outcomes.stream().allMatch(PredictionScenarios.Outcome::within);
    if (json) {
      out.println(
          Json.compact(
              java.util.Map.of(
                  "predictions",
                  outcomes.stream().map(PredictionScenarios.Outcome::json).toList())));
      return within ? ExitCodes.OK : ExitCodes.NEEDS_ATTENTION;
    }
    out.printf(
        "%-22s %3s %6s %9s %10s %3s %10s %9s %7s %10s %9s %7s%n",
        "scenario",
        "VFs",
        "RAM",
        "dirty",
        "link",
        "ch",
        "predicted",
        "total ms",
        "error",
        "predicted",
        "downtime",
        "error");
    for (PredictionScenarios.Outcome o : outcomes) {
      out.printf(
          "%-22s %3d %6s %9s %10s %3d %10d %9d %6.1f%% %10d %9d %6.1f%%%n",
          o.in().name(),
          o.in().vfs(),
          o.in().memory(),
          o.in().dirtyRate(),
          o.in().link(),
          o.channels(),
          o.predictedTotalMs(),
          o.totalMs(),
          o.totalError() * 100,
          o.predictedDowntimeMs(),
          o.downtimeMs(),
          o.downtimeError() * 100);
    }
    out.println(
        within
            ? "Every prediction is within 25% of the migration's total time and downtime."
            : "A prediction is off by more than 25% (see its error above).");
    return within ? ExitCodes.OK : ExitCodes.NEEDS_ATTENTION;
  }

  /**
   * One row: the figures of a completed migration, or the outcome and why for one that did not
   * complete (a refused or rolled-back run has no wall time, downtime or bytes worth comparing).
   */
  static String row(String memory, boolean ack, long wallMs, MigrationResult r) {
    if (r.outcome() != MigrationOutcome.MIGRATED) {
      String why =
          r.error()
              .orElse(
                  String.join(
                      "; ",
                      r.refusals().stream().map(f -> f.guard() + ": " + f.reason()).toList()));
      return String.format(
          "%-8s %-14s %s: %s", memory, ack ? "on" : "off", r.outcome().word(), why);
    }
    return String.format(
        "%-8s %-14s %10d %10d %10s %12s %12s",
        memory,
        ack ? "on" : "off",
        wallMs,
        r.totalTimeMs(),
        r.downtimeMs().map(String::valueOf).orElse("unknown"),
        r.ramBytes().map(b -> String.valueOf(b >> 20)).orElse("unknown"),
        r.deviceStateBytes().map(b -> String.valueOf(b >> 20)).orElse("unknown"));
  }
}
