package io.vfmigrate.lab.machine.migration;

import io.vfmigrate.lab.state.JobSpec;
import io.vfmigrate.model.ByteSize;
import java.util.Locale;

/**
 * {@code virsh domjobinfo} text, as tools/virsh-domain.c cmdDomjobinfo prints it (libvirt 10):
 * labels in {@code %-17s}, counters in {@code %-12llu}, sizes as vshPrettyCapacity's {@code %.3lf
 * UNIT}; a job that is neither running nor (with {@code --completed}) completed shows only its type
 * and operation unless {@code --anystats}. {@code --rawstats} prints {@code Job type: N}, an empty
 * line and the typed parameters in the order qemuDomainMigrationJobDataToParams adds them.
 *
 * <p>Data equals Memory: libvirt counts guest RAM only, not the VF's device state (RHEL documents
 * domjobinfo as inaccurate with a Mellanox VF). The device bytes appear only in the raw {@code
 * vfio_data_transferred} from libvirt 10.6 (VIR_DOMAIN_JOB_VFIO_DATA_TRANSFERRED, "since 10.6.0" in
 * libvirt's API description, as libvirt-go-module's generated compat header lists it; libvirt 9.0
 * prints none: fixtures/real/domjobinfo-rawstats-*-9.0.txt) (where the lab places it after the disk
 * figures; UNCONFIRMED: its exact position) and in QEMU's {@code query-migrate}.
 */
public final class MigrationJobInfo {
  private MigrationJobInfo() {}

  /** No job: {@code Job type: None}. */
  public static String none() {
    return line("Job type:", "None");
  }

  public static String rawNone() {
    return "Job type: 0\n\n";
  }

  public static String pretty(
      JobSpec job, boolean completedFlag, boolean anystats, boolean errmsg) {
    StringBuilder out = new StringBuilder();
    out.append(line("Job type:", job.type));
    out.append(line("Operation:", job.operation));
    boolean running = "Unbounded".equals(job.type) || "Bounded".equals(job.type);
    if (!anystats && !running && !(completedFlag && "Completed".equals(job.type))) {
      return out.toString();
    }
    out.append(counter("Time elapsed:", job.timeElapsedMs, " ms"));
    if (job.timeElapsedNetMs != null) {
      out.append(counter("Time elapsed w/o network:", job.timeElapsedNetMs, " ms"));
    }
    if (job.memoryTotal != 0 || job.memoryRemaining != 0 || job.memoryProcessed != 0) {
      out.append(size("Data processed:", job.memoryProcessed));
      out.append(size("Data remaining:", job.memoryRemaining));
      out.append(size("Data total:", job.memoryTotal));
      out.append(size("Memory processed:", job.memoryProcessed));
      out.append(size("Memory remaining:", job.memoryRemaining));
      out.append(size("Memory total:", job.memoryTotal));
      if (job.memoryBps != 0) {
        out.append(
            String.format(Locale.ROOT, "%-17s %s/s\n", "Memory bandwidth:", pretty(job.memoryBps)));
      }
      out.append(counter("Dirty rate:", job.dirtyRatePages, " pages/s"));
      out.append(counter("Page size:", job.pageSize, " bytes"));
      out.append(counter("Iteration:", job.iteration, ""));
      out.append(counter("Postcopy requests:", 0, ""));
      out.append(counter("Constant pages:", job.constantPages, ""));
      out.append(counter("Normal pages:", job.normalPages, ""));
      out.append(size("Normal data:", job.normalBytes));
      if ("Completed".equals(job.type) && job.downtimeMs != null) {
        out.append(counter("Total downtime:", job.downtimeMs, " ms"));
      } else {
        out.append(counter("Expected downtime:", job.expectedDowntimeMs, " ms"));
      }
      if (job.downtimeNetMs != null) {
        out.append(counter("Downtime w/o network:", job.downtimeNetMs, " ms"));
      }
      out.append(counter("Setup time:", job.setupTimeMs, " ms"));
    }
    if (errmsg && job.error != null) {
      out.append(String.format(Locale.ROOT, "%-17s %s\n", "Error message:", job.error));
    }
    return out.toString();
  }

  /** {@code --rawstats}; {@code vfio} adds vfio_data_transferred (libvirt 10.6+). */
  public static String raw(JobSpec job, boolean vfio, boolean errmsg) {
    StringBuilder out = new StringBuilder();
    out.append("Job type: ").append(typeNumber(job.type)).append("\n\n");
    param(out, "operation", "Incoming migration".equals(job.operation) ? 4 : 5);
    param(out, "time_elapsed", job.timeElapsedMs);
    if (job.timeElapsedNetMs != null) {
      param(out, "time_elapsed_net", job.timeElapsedNetMs);
    }
    boolean stats = job.memoryTotal != 0;
    if (stats) {
      boolean completed = "Completed".equals(job.type) && job.downtimeMs != null;
      param(out, "downtime", completed ? job.downtimeMs : job.expectedDowntimeMs);
      if (job.downtimeNetMs != null) {
        param(out, "downtime_net", job.downtimeNetMs);
      }
      param(out, "setup_time", job.setupTimeMs);
    }
    param(out, "data_total", job.memoryTotal);
    param(out, "data_processed", job.memoryProcessed);
    param(out, "data_remaining", job.memoryRemaining);
    param(out, "memory_total", job.memoryTotal);
    param(out, "memory_processed", job.memoryProcessed);
    param(out, "memory_remaining", job.memoryRemaining);
    if (job.memoryBps != 0) {
      param(out, "memory_bps", job.memoryBps);
    }
    if (stats) {
      param(out, "memory_constant", job.constantPages);
      param(out, "memory_normal", job.normalPages);
      param(out, "memory_normal_bytes", job.normalBytes);
    }
    param(out, "memory_dirty_rate", job.dirtyRatePages);
    param(out, "memory_iteration", job.iteration);
    param(out, "memory_postcopy_requests", 0);
    if (stats) {
      param(out, "memory_page_size", job.pageSize);
    }
    param(out, "disk_total", 0);
    param(out, "disk_processed", 0);
    param(out, "disk_remaining", 0);
    if (vfio && job.vfio) {
      param(out, "vfio_data_transferred", job.vfioBytes);
    }
    if (errmsg && job.error != null) {
      out.append("errmsg: ").append(job.error).append('\n');
    }
    return out.toString();
  }

  /** virDomainJobType: NONE 0, BOUNDED 1, UNBOUNDED 2, COMPLETED 3, FAILED 4, CANCELLED 5. */
  private static int typeNumber(String type) {
    return switch (type) {
      case "Bounded" -> 1;
      case "Unbounded" -> 2;
      case "Completed" -> 3;
      case "Failed" -> 4;
      case "Cancelled" -> 5;
      default -> 0;
    };
  }

  private static void param(StringBuilder out, String field, long value) {
    out.append(field).append(": ").append(value).append('\n');
  }

  private static String line(String label, String value) {
    return String.format(Locale.ROOT, "%-17s %-12s\n", label, value);
  }

  private static String counter(String label, long value, String unit) {
    return String.format(Locale.ROOT, "%-17s %-12d%s\n", label, value, unit);
  }

  private static String size(String label, long bytes) {
    return String.format(Locale.ROOT, "%-17s %s\n", label, pretty(bytes));
  }

  /** vshPrettyCapacity with {@code %-.3lf %s}. */
  private static String pretty(long bytes) {
    return ByteSize.ofBytes(bytes).pretty();
  }
}
