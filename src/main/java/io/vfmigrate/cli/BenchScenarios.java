package io.vfmigrate.cli;

import io.vfmigrate.host.Fleet;
import io.vfmigrate.lab.Lab;
import io.vfmigrate.lab.LabInventory;
import io.vfmigrate.lab.LabStore;
import io.vfmigrate.lab.machine.BenchLab;
import io.vfmigrate.lab.state.DeviceStateSpec;
import io.vfmigrate.lab.state.LabSpec;
import io.vfmigrate.model.Bandwidth;
import io.vfmigrate.model.ByteSize;
import io.vfmigrate.workflow.attach.Attach;
import io.vfmigrate.workflow.event.EventSink;
import io.vfmigrate.workflow.migrate.Cancellation;
import io.vfmigrate.workflow.migrate.Migrate;
import io.vfmigrate.workflow.migrate.MigrateRequest;
import io.vfmigrate.workflow.migrate.MigrationResult;
import io.vfmigrate.workflow.prepare.Prepare;
import io.vfmigrate.workflow.prepare.PrepareOptions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The scenarios of {@code lab bench --json}: one VM migrated from src to dst in a fresh in-memory
 * lab whose hosts run QEMU 10.0 and libvirt 11.0 (multifd, device state over multifd,
 * switchover-ack) and whose channels move at most 12.5 Gbit/s each, with its total time and
 * downtime beside their physical lower bounds:
 *
 * <ul>
 *   <li>{@code downtime_bound_ms} = stop-copy bytes / bandwidth + the slowest VF's save time (the
 *       final device state must be saved and must cross the link), + the slowest VF's load time
 *       without switchover-ack (the destination then loads it while the guest is stopped);
 *   <li>{@code total_bound_ms} = (RAM + pre-copy device state) / bandwidth + the slowest VF's load
 *       time on the destination (with switchover-ack) + {@code downtime_bound_ms}: RAM and the
 *       initial device state cross the link once, the destination loads the initial state once it
 *       has it (QEMU sends it with or after RAM's first pass, never before), then the stop-copy;
 *   <li>{@code total_bound_any_order_ms} = max((RAM + all device state) / bandwidth, pre-copy
 *       device state / bandwidth + the slowest VF's load) + {@code downtime_bound_ms}: the same,
 *       were the initial device state sent before RAM, which no QEMU release does.
 * </ul>
 */
final class BenchScenarios {
  private BenchScenarios() {}

  /** One scenario's figures, as {@code lab bench --json} prints them. */
  record Scenario(
      String name,
      int vfs,
      long memoryBytes,
      long bandwidthBytesPerS,
      long totalMs,
      long downtimeMs,
      long totalBoundMs,
      long downtimeBoundMs,
      long totalBoundAnyOrderMs,
      int parallelConnections,
      long predictedTotalMs,
      long predictedDowntimeMs) {
    Map<String, Object> json() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("name", name);
      m.put("vfs", vfs);
      m.put("memory_bytes", memoryBytes);
      m.put("bandwidth_bytes_per_s", bandwidthBytesPerS);
      m.put("total_ms", totalMs);
      m.put("downtime_ms", downtimeMs);
      m.put("total_bound_ms", totalBoundMs);
      m.put("downtime_bound_ms", downtimeBoundMs);
      m.put("total_ratio", ratio(totalMs, totalBoundMs));
      m.put("downtime_ratio", ratio(downtimeMs, downtimeBoundMs));
      m.put("total_bound_any_order_ms", totalBoundAnyOrderMs);
      m.put("total_any_order_ratio", ratio(totalMs, totalBoundAnyOrderMs));
      m.put("parallel_connections", parallelConnections);
      m.put("predicted_total_ms", predictedTotalMs);
      m.put("predicted_downtime_ms", predictedDowntimeMs);
      return m;
    }
  }

  private static double ratio(long actual, long bound) {
    return bound <= 0 ? 0 : Math.round(actual * 1000.0 / bound) / 1000.0;
  }

  /** The scenarios: 1 and 4 VFs with 8 GiB on 100 Gbit/s, and a larger VM. */
  static List<Scenario> run() {
    List<Scenario> out = new ArrayList<>();
    out.add(run("1vf-8gib-100g", 1, "8GiB"));
    out.add(run("4vf-8gib-100g", 4, "8GiB"));
    out.add(run("1vf-64gib-100g", 1, "64GiB"));
    return out;
  }

  static Scenario run(String name, int vfs, String memory) {
    LabSpec spec = BenchLab.multifdPair(LabStore.defaultSpec(), memory);
    MigrationResult r = migrateVm1(ready(spec, vfs));
    if (!r.outcome().word().equals("migrated")) {
      throw new IllegalStateException(
          "bench scenario " + name + " did not migrate: " + r.error().orElse(r.toString()));
    }
    long bandwidth = Bandwidth.parse(spec.link.bandwidth).bytesPerSecond();
    DeviceStateSpec device = spec.hosts.get("src").nics.get(0).deviceState;
    long precopy = ByteSize.parse(device.precopy).bytes() * vfs;
    long stopcopy = ByteSize.parse(device.stopcopy).bytes() * vfs;
    long ram = ByteSize.parse(memory).bytes();
    Bounds bounds =
        Bounds.of(
            ram,
            precopy,
            stopcopy,
            bandwidth,
            device.saveTimeMs,
            device.loadTimeMs,
            device.switchoverAck);
    return new Scenario(
        name,
        vfs,
        ram,
        bandwidth,
        r.totalTimeMs(),
        r.downtimeMs()
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "bench scenario " + name + ": " + r.unknownWhy().orElse("no downtime"))),
        bounds.totalMs(),
        bounds.downtimeMs(),
        bounds.totalAnyOrderMs(),
        r.tuning().parallelConnections(),
        r.tuning().prediction().map(p -> p.totalMs()).orElse(-1L),
        r.tuning().prediction().map(p -> p.downtimeMs()).orElse(-1L));
  }

  /** A fresh in-memory lab of {@code spec}, both hosts prepared, {@code vfs} VFs given to vm1. */
  static Fleet ready(LabSpec spec, int vfs) {
    Fleet fleet = LabInventory.fleet(new Lab(spec), h -> h);
    PrepareOptions options = new PrepareOptions("br-vf", OptionalInt.of(Math.max(vfs, 2)));
    new Prepare(EventSink.none()).run(fleet.get("src"), options, false);
    new Prepare(EventSink.none()).run(fleet.get("dst"), options, false);
    for (int i = 0; i < vfs; i++) {
      new Attach(fleet, EventSink.none())
          .run("vm1", "src", Optional.empty(), Optional.empty(), false);
    }
    return fleet;
  }

  /** vm1 from src to dst, without verification, as the bench measures it. */
  static MigrationResult migrateVm1(Fleet fleet) {
    return migrateVm1(fleet, false, false);
  }

  /**
   * vm1 from src to dst without verification: planned only ({@code dryRun}), or migrated; with
   * {@code noParallel} on one channel, else with the multifd vfmigrate decides.
   */
  static MigrationResult migrateVm1(Fleet fleet, boolean dryRun, boolean noParallel) {
    return new Migrate(fleet, EventSink.none(), new Cancellation())
        .run(
            MigrateRequest.builder("vm1", "src", "dst")
                .dryRun(dryRun)
                .verify(false)
                .noParallel(noParallel)
                .build());
  }

  /** A scenario's physical lower bounds (see the class comment), in milliseconds. */
  record Bounds(long totalMs, long downtimeMs, long totalAnyOrderMs) {
    static Bounds of(
        long ram,
        long precopy,
        long stopcopy,
        long bytesPerSecond,
        long saveMs,
        long loadMs,
        boolean switchoverAck) {
      long downtime = ms(stopcopy, bytesPerSecond) + saveMs + (switchoverAck ? 0 : loadMs);
      long ackLoad = switchoverAck ? loadMs : 0;
      long total = ms(ram + precopy, bytesPerSecond) + ackLoad + downtime;
      long anyOrder =
          Math.max(
                  ms(ram + precopy + stopcopy, bytesPerSecond),
                  ms(precopy, bytesPerSecond) + ackLoad)
              + downtime;
      return new Bounds(total, downtime, anyOrder);
    }
  }

  private static long ms(long bytes, long bytesPerSecond) {
    return Math.round(bytes * 1000.0 / bytesPerSecond);
  }
}
