package io.vfmigrate.lab.state;

import java.util.ArrayList;
import java.util.List;

/** One physical function (PF) of a NIC, with its SR-IOV state. */
public class NicSpec {
  public String pci;

  /** {@code ConnectX-7} (15b3:1021) or e.g. {@code ConnectX-6 Dx} (15b3:101d). */
  public String model = "ConnectX-7";

  public String netdev;

  /** The running firmware version. */
  public String firmware;

  /** The flashed firmware that becomes running at the next reboot; null when the same. */
  public String firmwareNext;

  public String psid;

  /** The current VF_MIGRATION_MODE value (0, 1 or 2). */
  public int vfMigrationMode = 2;

  /** The next-boot value set by {@code mstconfig set}; null when the same as current. */
  public Integer vfMigrationModeNext;

  public int totalVfs = 16;

  /** First VF's routing-id offset from the PF (SR-IOV capability "VF offset"). */
  public int vfOffset = 1;

  /** {@code legacy} or {@code switchdev}. */
  public String eswitch = "legacy";

  /** Number of enabled VFs (runtime). */
  public int numVfs;

  /** The enabled VFs (runtime). */
  public List<VfSpec> vfs = new ArrayList<>();

  /** How much device state a VF of this NIC carries during migration. */
  public DeviceStateSpec deviceState = new DeviceStateSpec();
}
