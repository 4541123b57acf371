package io.vfmigrate.workflow;

import io.vfmigrate.host.ShellQuoting;
import io.vfmigrate.model.PciAddress;
import io.vfmigrate.model.VersionNumbers;
import io.vfmigrate.tools.sysfs.PciSysfs;
import io.vfmigrate.tools.virsh.Virsh;
import java.util.List;

/**
 * Takes a VF from its host driver (mlx5_core) and parks it on pci-stub, the procedure's step 3
 * ({@code virsh nodedev-detach VF --driver pci-stub}), in the way the host's libvirt can do it.
 *
 * <p>What libvirt does with {@code --driver pci-stub} (read in its source):
 *
 * <ul>
 *   <li>Before 9.7 (v9.0.0 src/qemu/qemu_driver.c qemuNodeDeviceDetachFlags: Debian 12, RHEL 9.2):
 *       only {@code vfio} is accepted; pci-stub is refused with "invalid argument: unknown driver
 *       name 'pci-stub'" and the VF stays on mlx5_core. vfmigrate then binds pci-stub itself
 *       through sysfs the way later libvirt does (virpci.c virPCIDeviceBindWithDriverOverride:
 *       driver_override, unbind, drivers_probe).
 *   <li>9.7 and later (NEWS 9.7.0; v10.0.0 and v11.3.0 qemuNodeDeviceDetachFlags pass any name to
 *       virpci.c virPCIDeviceFindDriver unchecked): pci-stub is bound as named, and libvirt keeps
 *       the VF on its list of detached devices.
 * </ul>
 *
 * Why pci-stub, as the procedure has it, and not libvirt's default: pci-stub is a neutral parking
 * driver that takes the VF from mlx5_core and does nothing with the function, so that devlink can
 * mark it migratable before any VFIO driver opens it. With no {@code --driver}, libvirt 10.0 and
 * later bind the VFIO variant driver at once (virpci.c virPCIDeviceFindBestVFIOVariant picks
 * mlx5_vfio_pci from modules.alias) and 9.x binds plain vfio-pci. The parking does not get in the
 * way of the attach: for {@code <interface type='hostdev' managed='yes'>} libvirt's
 * virPCIDeviceBindToStub rebinds any driver that is not the one it wants (mlx5_vfio_pci from 10.0,
 * vfio-pci before, which QEMU cannot migrate).
 */
public final class VfPark {
  public static final String STUB_DRIVER = "pci-stub";

  private VfPark() {}

  /** True when this libvirt binds the driver {@code nodedev-detach --driver NAME} names (9.7+). */
  public static boolean libvirtBindsNamedDriver(String libvirtVersion) {
    return VersionNumbers.atLeast(libvirtVersion, 9, 7);
  }

  /**
   * True when this libvirt binds the VF's VFIO variant driver (mlx5_vfio_pci) itself for {@code
   * <interface type='hostdev' managed='yes'>} (10.0+, as the class comment says); before 10.0 it
   * binds plain vfio-pci, which QEMU cannot migrate.
   */
  public static boolean libvirtBindsVariantDriver(String libvirtVersion) {
    return VersionNumbers.atLeast(libvirtVersion, 10, 0);
  }

  /** Why a VF attached on this libvirt (before 10.0) cannot migrate, in words. */
  public static String plainVfioPci(String libvirtVersion) {
    return "libvirt "
        + libvirtVersion
        + " binds plain vfio-pci to a managed VF, which QEMU cannot migrate";
  }

  /** True when the host's libvirt (asked with {@code virsh version}) refuses pci-stub by name. */
  public static boolean bySysfs(Virsh virsh) {
    return !libvirtBindsNamedDriver(virsh.version().libraryVersion());
  }

  /** The commands that park the VF, as a shell would run them. */
  public static String command(PciAddress vf, boolean bySysfs) {
    if (!bySysfs) {
      return ShellQuoting.join(
          List.of("virsh", "nodedev-detach", vf.nodedevName(), "--driver", STUB_DRIVER));
    }
    String dev = "/sys/bus/pci/devices/" + vf;
    return "echo "
        + STUB_DRIVER
        + " > "
        + dev
        + "/driver_override; echo "
        + vf
        + " > "
        + dev
        + "/driver/unbind; echo "
        + vf
        + " > /sys/bus/pci/drivers_probe";
  }

  /** Parks the VF on pci-stub. */
  public static void park(Virsh virsh, PciSysfs sysfs, PciAddress vf, boolean bySysfs) {
    if (bySysfs) {
      sysfs.bindOverride(vf, STUB_DRIVER);
    } else {
      virsh.nodedevDetach(vf, STUB_DRIVER);
    }
  }
}
