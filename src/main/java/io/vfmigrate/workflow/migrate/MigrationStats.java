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
}
