package io.vfmigrate.cli;

import io.vfmigrate.model.ByteSize;
import io.vfmigrate.model.PciAddress;
import io.vfmigrate.workflow.migrate.MigrationOutcome;
import io.vfmigrate.workflow.migrate.MigrationResult;
import io.vfmigrate.workflow.migrate.Refusal;
import io.vfmigrate.workflow.verify.VerifiedInterface;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;

/** The summary of a migration: human or the JSON result line. */
final class MigrationReport {
  private MigrationReport() {}

  static Map<String, Object> json(MigrationResult r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("event", "result");
    m.put("vm", r.vm());
    m.put("outcome", r.outcome().word());
    m.put("source", r.source());
    m.put("destination", r.destination());
    m.put("total_time_ms", r.totalTimeMs());
    m.put("downtime_ms", r.downtimeMs().orElse(null));
    m.put("ram_bytes", r.ramBytes().orElse(null));
    m.put("device_state_bytes", r.deviceStateBytes().orElse(null));
    m.put("iterations", r.iterations().orElse(null));
    m.put("libvirt_reported_bytes", r.libvirtReportedBytes().orElse(null));
    m.put("verified", r.verified().orElse(null));
    m.put(
        "verified_interface",
        r.verification().flatMap(v -> v.checked().map(VerifiedInterface::word)).orElse(null));
    Map<String, String> vfs = new LinkedHashMap<>();
    for (Map.Entry<PciAddress, PciAddress> e : r.vfMapping().entrySet()) {
      vfs.put(e.getKey().toString(), e.getValue().toString());
    }
    m.put("vfs", vfs);
    m.put("refusals", r.refusals().stream().map(MigrationReport::refusal).toList());
    m.put("error", r.error().orElse(null));
    m.put("switchover_ack", r.tuning().switchoverAck().orElse(null));
    m.put("parallel_connections", r.tuning().parallelConnections());
    java.util.Optional<io.vfmigrate.workflow.migrate.PredictedTimes> p = r.tuning().prediction();
    m.put("predicted_total_ms", p.map(x -> x.totalMs()).orElse(null));
    m.put("predicted_downtime_ms", p.map(x -> x.downtimeMs()).orElse(null));
    m.put(
        "predicted_total_range_ms",
        p.map(x -> java.util.List.of(x.totalLowMs(), x.totalHighMs())).orElse(null));
    m.put(
        "predicted_downtime_range_ms",
        p.map(x -> java.util.List.of(x.downtimeLowMs(), x.downtimeHighMs())).orElse(null));
    // The model's own figures, before calibration on past migrations between the same hosts.
    m.put("model_total_ms", p.map(x -> x.modelTotalMs()).orElse(null));
    m.put("model_downtime_ms", p.map(x -> x.modelDowntimeMs()).orElse(null));
    m.put("unknown_why", r.unknownWhy().orElse(null));
    return m;
  }

  /** The prediction made before the migration, when there was one. */
  private static void prediction(PrintWriter out, MigrationResult r) {
    r.tuning()
        .prediction()
        .ifPresent(
            p ->
                out.printf(
                    "  predicted         total %d ms (%d-%d), downtime %d ms (%d-%d)%s%s%n",
                    p.totalMs(),
                    p.totalLowMs(),
                    p.totalHighMs(),
                    p.downtimeMs(),
                    p.downtimeLowMs(),
                    p.downtimeHighMs(),
                    p.converges() ? "" : "; pre-copy would not converge",
                    p.modelTotalMs() == p.totalMs() && p.modelDowntimeMs() == p.downtimeMs()
                        ? ""
                        : "; calibrated on past migrations (the model alone: total "
                            + p.modelTotalMs()
                            + " ms, downtime "
                            + p.modelDowntimeMs()
                            + " ms)"));
  }

  /** How the migration ran: multifd channels and QEMU's switchover-ack. */
  private static void tuning(PrintWriter out, MigrationResult r) {
    out.printf(
        "  channels          %s%n",
        r.tuning().parallelConnections() > 0
            ? r.tuning().parallelConnections() + " multifd (--parallel)"
            : "1 (no multifd)");
    r.tuning()
        .switchoverAck()
        .ifPresent(
            ack ->
                out.printf(
                    "  switchover-ack    %s%n", ack ? "yes" : withoutAck(r.vfMapping().size())));
  }

  /** What running without switchover-ack cost: nothing without a VF, a VF's load with one. */
  static String withoutAck(int vfs) {
    if (vfs == 0) {
      return "no (the VM has no VF, so there was no device state to load before the switchover)";
    }
    return "NO: the destination's VF load fell inside the downtime (about 1.5 s per VF"
        + (vfs > 1 ? ", " + vfs + " VFs" : "")
        + ")";
  }

  /** Every figure of a completed migration. */
  private static void statistics(PrintWriter out, MigrationResult r) {
    out.printf("  total time        %d ms%n", r.totalTimeMs());
    out.printf("  downtime          %s%n", r.downtimeMs().map(d -> d + " ms").orElse("unknown"));
    out.printf("  RAM sent          %s%n", pretty(r.ramBytes()));
    out.printf("  VF device state   %s%n", pretty(r.deviceStateBytes()));
    out.printf(
        "  total sent        %s%s%s%n",
        ByteSize.ofBytes(r.ramBytes().orElse(0L) + r.deviceStateBytes().orElse(0L)).pretty(),
        r.ramBytes().isPresent() && r.deviceStateBytes().isPresent()
            ? ""
            : r.ramBytes().isPresent()
                ? " and the unknown device state"
                : r.deviceStateBytes().isPresent()
                    ? " and the unknown RAM"
                    : " and the unknown RAM and device state",
        r.iterations()
            .map(n -> " in " + Plural.of(n, "pre-copy iteration"))
            .orElse(", pre-copy iterations unknown"));
    r.unknownWhy().ifPresent(why -> out.printf("  unknown because   %s%n", why));
    r.libvirtReportedBytes().ifPresent(b -> libvirtReported(out, b));
    tuning(out, r);
    prediction(out, r);
  }

  /**
   * What a migration that did not complete is known to have done. Once the transfer ran, RAM sent
   * is shown, as "unknown" when QEMU never reported it; a VF state or iteration count that was
   * never reported is left out.
   */
  private static void knownStatistics(PrintWriter out, MigrationResult r) {
    if (r.totalTimeMs() > 0) {
      out.printf("  ran for           %d ms%n", r.totalTimeMs());
      out.printf("  RAM sent          %s%n", pretty(r.ramBytes()));
    }
    r.deviceStateBytes()
        .filter(b -> b > 0)
        .ifPresent(b -> out.printf("  VF device state   %s%n", ByteSize.ofBytes(b).pretty()));
    r.iterations()
        .filter(n -> n > 0)
        .ifPresent(n -> out.printf("  pre-copy          %s%n", Plural.of(n, "iteration")));
    r.unknownWhy().ifPresent(why -> out.printf("  unknown because   %s%n", why));
    r.libvirtReportedBytes().ifPresent(b -> libvirtReported(out, b));
  }

  private static String pretty(java.util.Optional<Long> bytes) {
    return bytes.map(b -> ByteSize.ofBytes(b).pretty()).orElse("unknown");
  }

  private static void libvirtReported(PrintWriter out, long bytes) {
    out.printf(
        "  libvirt reported  %s: virsh domjobinfo and domdirtyrate-calc count guest RAM only and"
            + " leave out the VF's device state; the figures above include it%n",
        ByteSize.ofBytes(bytes).pretty());
  }

  static void print(CliContext ctx, MigrationResult r, boolean json) {
    PrintWriter out = ctx.out();
    if (json) {
      out.println(Json.compact(json(r)));
      return;
    }
    if (r.outcome() == MigrationOutcome.REFUSED) {
      out.println(
          r.vm()
              + " "
              + ctx.style().bad("cannot migrate")
              + " from "
              + r.source()
              + " to "
              + r.destination()
              + ":");
      for (Refusal f : r.refusals()) {
        // A tool's words may run over lines (virsh prints one per error): keep them in the item.
        out.println("  - " + f.reason().replace("\n", "\n    ") + " [" + f.guard() + "]");
        out.println("    fix: " + f.fix());
      }
      out.println("Nothing was changed.");
      return;
    }
    if (r.outcome() == MigrationOutcome.PLANNED) {
      out.println("Guards: all pass.");
      r.vfMapping()
          .forEach(
              (s, d) ->
                  out.println(
                      "VF "
                          + s
                          + " on "
                          + r.source()
                          + " -> would claim VF "
                          + d
                          + " on "
                          + r.destination()));
      if (!r.rewrittenXml().isEmpty()) {
        out.println("Domain XML for the destination (--xml and --persistent-xml):");
        out.println(r.rewrittenXml().strip());
      }
      prediction(out, r);
      out.println("Commands:");
      r.commands().forEach(c -> out.println("  " + c));
      out.println("Dry run: nothing was changed.");
      return;
    }
    out.println();
    out.println(
        "Migration of "
            + r.vm()
            + " from "
            + r.source()
            + " to "
            + r.destination()
            + ": "
            + ctx.style().outcome(r.outcome(), r.outcome().word()));
    if (r.outcome() == MigrationOutcome.MIGRATED) {
      statistics(out, r);
    } else {
      knownStatistics(out, r);
    }
    r.verified()
        .ifPresent(
            v ->
                out.println(
                    "  verified in guest "
                        + (v ? "yes" : "NO")
                        + r.verification()
                            .map(rep -> " (" + rep.describeChecked() + ")")
                            .orElse("")));
    r.error().ifPresent(e -> out.println("  " + e.replace("\n", "\n  ")));
    if (r.outcome() == MigrationOutcome.ROLLED_BACK) {
      out.println(
          "Rolled back: "
              + r.vm()
              + " runs on "
              + r.source()
              + (r.vfMapping().isEmpty() ? "." : " with its VF."));
    }
  }

  /**
   * A refusal's fields in a fixed order (Map.of's order changes from one JVM start to the next).
   */
  private static Map<String, String> refusal(io.vfmigrate.workflow.migrate.Refusal f) {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("guard", f.guard());
    m.put("reason", f.reason());
    m.put("fix", f.fix());
    return m;
  }
}
