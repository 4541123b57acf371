package io.vfmigrate.workflow.event;

import io.vfmigrate.model.Finding;
import java.time.Duration;
import java.util.List;

/** Something a workflow reports. The CLI renders events; tests assert on them. */
public sealed interface Event {
  /** A step of a workflow begins. */
  record StepStarted(String host, String description) implements Event {}

  /** A step ended; {@code ok} is false when it failed. */
  record StepFinished(String host, String description, boolean ok) implements Event {}

  /** A command ran on a host. */
  record CommandRan(String host, List<String> argv, int exitCode, Duration duration)
      implements Event {}

  /** A file was written on a host (sysfs attributes included), as {@code echo CONTENT > PATH}. */
  record FileWritten(String host, String path, String content) implements Event {}

  /** A check produced a finding. */
  record FindingReported(Finding finding) implements Event {}

  /**
   * Progress of a long operation such as a migration; {@code iteration} is the pre-copy pass QEMU
   * is in (its dirty-sync-count, 0 before it reports one).
   */
  record Progress(
      String phase,
      long bytesDone,
      long bytesTotal,
      long deviceStateBytes,
      long bytesPerSecond,
      Duration elapsed,
      long iteration)
      implements Event {
    /** Progress without a pre-copy pass. */
    public Progress(
        String phase,
        long bytesDone,
        long bytesTotal,
        long deviceStateBytes,
        long bytesPerSecond,
        Duration elapsed) {
      this(phase, bytesDone, bytesTotal, deviceStateBytes, bytesPerSecond, elapsed, 0);
    }
  }

  /**
   * The downtime limit of a running migration from now on: QEMU's own when the transfer starts,
   * then each raise; {@code elapsed} since the transfer started, {@code iteration} the pre-copy
   * pass.
   */
  record DowntimeLimit(long limitMs, long iteration, Duration elapsed) implements Event {}

  /** Something the operator should know that does not stop the workflow. */
  record Warning(String host, String message) implements Event {}

  /** A plain informational line. */
  record Info(String host, String message) implements Event {}

  /**
   * A VM of an evacuation: {@code phase} is {@code planned}, {@code cannot-move}, {@code started},
   * or how its migration ended ({@code migrated}, {@code rolled-back}, {@code refused}, {@code
   * failed}); {@code atMs} is the time since the evacuation began on the source's clock.
   */
  record VmEvacuation(String vm, String phase, String destination, long atMs, String detail)
      implements Event {}
}
