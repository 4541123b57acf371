package io.vfmigrate.lab.state;

/**
 * The statistics of one libvirt migration job, as {@code virsh domjobinfo} and QEMU's {@code
 * query-migrate} report them. A running job's statistics are computed from its migration ({@link
 * MigrationSpec}); the last finished job of a domain is kept in {@link VmSpec#lastJob} (runtime).
 *
 * <p>Data and Memory figures count guest RAM only, as libvirt does: the VF's device state is in
 * {@link #vfioBytes} alone (RHEL documents domjobinfo as inaccurate with a Mellanox VF).
 */
public class JobSpec {
  /** libvirt's job type: Unbounded, Completed, Failed or Cancelled. */
  public String type;

  /** Outgoing migration (source) or Incoming migration (destination). */
  public String operation;

  /** QEMU's MigrationStatus: setup, active, device, completed, cancelled or failed. */
  public String status;

  /** The lab hosts the domain left and went to. */
  public String source;

  public String destination;

  /** Lab clock (ms) when {@code virsh migrate} started the job. */
  public long startedAtMs;

  public long timeElapsedMs;

  /** Elapsed time minus the clock delta between the hosts; set on the destination only. */
  public Long timeElapsedNetMs;

  /** QEMU's total-time: from the migrate command to now (or to completion). */
  public long totalTimeMs;

  public long setupTimeMs;

  public long memoryTotal;
  public long memoryProcessed;
  public long memoryRemaining;

  /** Bytes per second (libvirt's memory_bps from QEMU's mbps). */
  public long memoryBps;

  /** QEMU's dirty-pages-rate, pages per second. */
  public long dirtyRatePages;

  public long pageSize = 4096;

  /** QEMU's dirty-sync-count, which libvirt shows as Iteration. */
  public long iteration;

  public long constantPages;
  public long normalPages;
  public long normalBytes;

  /** RAM sent while the guest ran, and while it was stopped. */
  public long precopyBytes;

  public long downtimeBytes;

  /** QEMU's estimate while active. */
  public long expectedDowntimeMs;

  /** The measured downtime once completed. */
  public Long downtimeMs;

  public Long downtimeNetMs;

  /** Device state bytes sent for the VFs (QEMU's vfio.transferred). */
  public long vfioBytes;

  /** True when QEMU reports VFIO statistics (every VF can migrate). */
  public boolean vfio;

  /** QEMU's max downtime (downtime-limit) the job ran with, ms. */
  public long downtimeLimitMs;

  /** libvirt's error message for a failed or cancelled job. */
  public String error;

  /** QEMU's error-desc for a failed job, as {@code query-migrate} reports it. */
  public String qemuError;

  /**
   * True once {@code virsh domjobinfo --completed} read the statistics without {@code
   * --keep-completed}: libvirt then drops them (qemuDomainGetJobStats).
   */
  public boolean completedStatsRead;
}
