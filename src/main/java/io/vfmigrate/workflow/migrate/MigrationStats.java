package io.vfmigrate.workflow.migrate;

/** What the monitor last saw of a migration: RAM from libvirt, device state from QEMU. */
record MigrationStats(
    String status,
    long ramTransferred,
    long ramRemaining,
    long ramTotal,
    long deviceStateBytes,
    long iterations,
    double mbps) {
  static final MigrationStats NONE = new MigrationStats("setup", 0, 0, 0, 0, 0, 0);
}
