package io.vfmigrate.cli;

import io.vfmigrate.host.Fleet;
import io.vfmigrate.lab.Lab;
import io.vfmigrate.lab.LabInventory;
import io.vfmigrate.lab.LabStore;
import io.vfmigrate.lab.state.LabSpec;
import io.vfmigrate.workflow.attach.Attach;
import io.vfmigrate.workflow.event.EventSink;
import io.vfmigrate.workflow.migrate.Cancellation;
import io.vfmigrate.workflow.migrate.Migrate;
import io.vfmigrate.workflow.migrate.MigrateRequest;
import io.vfmigrate.workflow.migrate.MigrationOutcome;
import io.vfmigrate.workflow.migrate.MigrationResult;
import io.vfmigrate.workflow.prepare.Prepare;
import io.vfmigrate.workflow.prepare.PrepareOptions;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
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

  @Override
  public Integer call() {
    PrintWriter out = lab.context().out();
    boolean failed = false;
    out.printf(
        "%-8s %-14s %10s %10s %10s %12s %12s%n",
        "memory", "switchover-ack", "wall ms", "virtual ms", "downtime", "RAM MiB", "VF MiB");
    for (String memory : List.of("1GiB", "8GiB", "16GiB", "64GiB")) {
      for (boolean ack : List.of(true, false)) {
        for (int i = 0; i < runs; i++) {
          LabSpec spec = LabStore.defaultSpec();
          spec.hosts.get("src").vms.get(0).memory = memory;
          spec.hosts.values().forEach(h -> h.nics.get(0).deviceState.switchoverAck = ack);
          Lab l = new Lab(spec);
          Fleet fleet = LabInventory.fleet(l, h -> h);
          PrepareOptions options = new PrepareOptions("br-vf", OptionalInt.empty());
          new Prepare(EventSink.none()).run(fleet.get("src"), options, false);
          new Prepare(EventSink.none()).run(fleet.get("dst"), options, false);
          new Attach(fleet, EventSink.none())
              .run("vm1", "src", Optional.empty(), Optional.empty(), false);
          long start = System.nanoTime();
          MigrationResult r =
              new Migrate(fleet, EventSink.none(), new Cancellation())
                  .run(
                      new MigrateRequest(
                          "vm1",
                          "src",
                          "dst",
                          false,
                          Optional.empty(),
                          false,
                          false,
                          false,
                          Duration.ofMillis(500)));
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
    return ExitCodes.OK;
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
        "%-8s %-14s %10d %10d %10s %12d %12s",
        memory,
        ack ? "on" : "off",
        wallMs,
        r.totalTimeMs(),
        r.downtimeMs().map(String::valueOf).orElse("unknown"),
        r.ramBytes() >> 20,
        r.deviceStateBytes().map(b -> String.valueOf(b >> 20)).orElse("unknown"));
  }
}
