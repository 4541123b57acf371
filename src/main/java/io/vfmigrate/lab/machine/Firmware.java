package io.vfmigrate.lab.machine;

import io.vfmigrate.lab.state.HostSpec;
import io.vfmigrate.lab.state.NicSpec;

/**
 * A NIC's firmware configuration and what a host reboot does to the machine: next-boot settings
 * ({@code mstconfig set}) become current, and what does not survive a reboot is gone (VFs,
 * switchdev mode, driver bindings, temporary files; OVS applies its configured offload again).
 */
public final class Firmware {
  private Firmware() {}

  /** {@code mstconfig set VF_MIGRATION_MODE=N}: the value the NIC has after the next boot. */
  public static void setVfMigrationModeNext(NicSpec nic, int value) {
    nic.vfMigrationModeNext = value == nic.vfMigrationMode ? null : value;
  }

  /** The host's state after a reboot. */
  public static void reboot(HostSpec host) {
    for (NicSpec nic : host.nics) {
      if (nic.vfMigrationModeNext != null) {
        nic.vfMigrationMode = nic.vfMigrationModeNext;
        nic.vfMigrationModeNext = null;
      }
      if (nic.firmwareNext != null) {
        nic.firmware = nic.firmwareNext;
        nic.firmwareNext = null;
      }
      nic.numVfs = 0;
      nic.vfs.clear();
      nic.eswitch = "legacy";
    }
    host.files.clear();
    host.ovs.offloadApplied = "true".equals(host.ovs.otherConfig.get("hw-offload"));
  }
}
