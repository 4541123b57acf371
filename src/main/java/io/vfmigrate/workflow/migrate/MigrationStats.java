package io.vfmigrate.workflow.migrate;

import java.util.OptionalLong;

/** What the monitor last saw of a migration: RAM from libvirt, device state from QEMU. */
record MigrationStats(
    String status,
    long ramTransferred,
    long ramRemaining,
    long ramTotal,
    long deviceStateBytes,
    long iterations,
    double mbps,
    OptionalLong expectedDowntimeMs,
    long libvirtDataProcessed) {
  static final MigrationStats NONE =
      new MigrationStats("setup", 0, 0, 0, 0, 0, 0, OptionalLong.empty(), 0);

  /**
   * Whether QEMU has reported this job's RAM (query-migrate's {@code ram} section, whose total is
   * the guest's RAM size): until then the RAM figures and iterations are not known, not 0.
   */
  boolean ramReported() {
    return ramTotal > 0;
  }
}
