package io.vfmigrate.workflow;

import io.vfmigrate.model.PciAddress;
import io.vfmigrate.tools.sysfs.PciSysfs;
import io.vfmigrate.tools.virsh.Virsh;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;

/**
 * Puts a VF that a domain released back into the prepared state. libvirt's managed hostdev handling
 * gives a released VF back to its host driver (mlx5_core); a prepared VF is detached (the {@code
 * migratable} function attribute survives the rebind): parked on pci-stub as {@link VfPark} does it
 * for the host's libvirt.
 */
public final class VfRelease {
  private static final Set<String> DETACHED = Set.of("pci-stub", "vfio-pci", "mlx5_vfio_pci");

  private VfRelease() {}

  /** Returns true when it had to detach the VF again. */
  public static boolean ensureDetached(Virsh virsh, PciSysfs sysfs, PciAddress vf) {
    return ensureDetached(virsh, sysfs, vf, () -> VfPark.bySysfs(virsh));
  }

  /** As above, with the way to park ({@link VfPark#bySysfs}) asked only when a VF needs it. */
  public static boolean ensureDetached(
      Virsh virsh, PciSysfs sysfs, PciAddress vf, BooleanSupplier bySysfs) {
    Optional<String> driver = sysfs.driver(vf);
    if (driver.isPresent() && DETACHED.contains(driver.get())) {
      return false;
    }
    VfPark.park(virsh, sysfs, vf, bySysfs.getAsBoolean());
    return true;
  }
}
