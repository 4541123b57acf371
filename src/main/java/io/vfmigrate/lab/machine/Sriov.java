package io.vfmigrate.lab.machine;

import io.vfmigrate.lab.state.HostSpec;
import io.vfmigrate.lab.state.NicSpec;
import io.vfmigrate.lab.state.VfSpec;
import java.util.Locale;

/**
 * The eswitch and the VF life cycle of a PF: VFs come and go with sriov_numvfs, the eswitch mode
 * and each VF's port function (hw_addr, migratable) change through devlink. The kernel's and the
 * firmware's rules live here (drivers/pci/iov.c, mlx5 eswitch); the tools render the outcomes.
 */
public final class Sriov {
  /** What a write of sriov_numvfs did. */
  public enum NumVfs {
    DONE,
    /** More VFs than the PF's sriov_totalvfs (ERANGE). */
    TOO_MANY,
    /** VFs exist already, or a running domain holds one (EBUSY). */
    BUSY
  }

  /** What setting a VF's migratable capability did. */
  public enum Migratable {
    DONE,
    /** The firmware's VF_MIGRATION_MODE is not 2 (EOPNOTSUPP). */
    MODE_DISABLED,
    /** mlx5_core drives the VF: the firmware refuses SET_HCA_CAP on the active function. */
    ACTIVE_FUNCTION
  }

  private Sriov() {}

  /**
   * sriov_numvfs_store: at most sriov_totalvfs; 0 removes every VF, unless a running domain uses
   * one; any other number creates that many VFs, bound to mlx5_core, when none exist yet.
   */
  public static NumVfs setNumVfs(HostSpec host, NicSpec nic, int n) {
    if (n > nic.totalVfs) {
      return NumVfs.TOO_MANY;
    }
    int current = nic.vfs.size();
    if (n == current) {
      return NumVfs.DONE;
    }
    if (n == 0) {
      for (VfSpec vf : nic.vfs) {
        if (HostFacts.vfInUseByVm(host, vf)) {
          return NumVfs.BUSY;
        }
      }
      nic.vfs.clear();
      nic.numVfs = 0;
      return NumVfs.DONE;
    }
    if (current != 0) {
      return NumVfs.BUSY;
    }
    for (int i = 0; i < n; i++) {
      VfSpec vf = new VfSpec();
      vf.index = i;
      vf.pci = LabTopology.vfPci(nic, i).toString();
      vf.driver = PciBus.HOST_DRIVER;
      vf.hwAddr = "00:00:00:00:00:00";
      nic.vfs.add(vf);
    }
    nic.numVfs = n;
    return NumVfs.DONE;
  }

  /** {@code devlink dev eswitch set ... mode MODE}. */
  public static void setEswitchMode(NicSpec nic, String mode) {
    nic.eswitch = mode;
  }

  /** {@code devlink port function set ... hw_addr MAC}. */
  public static void setHwAddr(VfSpec vf, String mac) {
    vf.hwAddr = mac.toLowerCase(Locale.ROOT);
  }

  /**
   * {@code devlink port function set ... migratable enable|disable}: the VF can migrate only while
   * mlx5_core does not drive it and the firmware's VF_MIGRATION_MODE is 2; the same value again
   * changes nothing.
   */
  public static Migratable setMigratable(NicSpec nic, VfSpec vf, boolean migratable) {
    if (nic.vfMigrationMode != 2) {
      return Migratable.MODE_DISABLED;
    }
    if (vf.migratable == migratable) {
      return Migratable.DONE;
    }
    if (PciBus.HOST_DRIVER.equals(vf.driver)) {
      return Migratable.ACTIVE_FUNCTION;
    }
    vf.migratable = migratable;
    return Migratable.DONE;
  }
}
