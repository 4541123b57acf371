package io.vfmigrate.lab.machine;

import io.vfmigrate.lab.state.HostSpec;
import io.vfmigrate.lab.state.InterfaceSpec;
import io.vfmigrate.lab.state.VfSpec;
import io.vfmigrate.lab.state.VmSpec;
import io.vfmigrate.model.PciAddress;
import java.util.Optional;

/**
 * How libvirt hands a VF to a domain and back (src/hypervisor/virhostdev.c): who uses a VF, which
 * driver a managed hostdev is bound to, and the errors it reports.
 */
public final class DomainHostdevs {
  public static final String HOST_DRIVER = "mlx5_core";
  public static final String VARIANT_DRIVER = "mlx5_vfio_pci";
  public static final String VFIO_PCI = "vfio-pci";

  private DomainHostdevs() {}

  /** The active domain on this host whose hostdev interface holds the VF. */
  public static Optional<VmSpec> user(HostSpec host, PciAddress vf) {
    for (VmSpec vm : host.vms) {
      if (!DomainLayout.active(vm)) {
        continue;
      }
      for (InterfaceSpec iface : vm.interfaces) {
        if (DomainLayout.isHostdev(iface)
            && iface.pci != null
            && PciAddress.parse(iface.pci).equals(vf)) {
          return Optional.of(vm);
        }
      }
    }
    return Optional.empty();
  }

  /** virhostdev.c's refusal to hand a device in use to anyone else. */
  public static String inUse(PciAddress vf, VmSpec user) {
    return "Requested operation is not valid: PCI device "
        + vf
        + " is in use by driver QEMU, domain "
        + user.name;
  }

  /** virpci.c virPCIDeviceNew on an address without a device. */
  public static String notFound(PciAddress pci) {
    return "Device "
        + pci
        + " not found: could not access /sys/bus/pci/devices/"
        + pci
        + "/config: No such file or directory";
  }

  /**
   * The driver libvirt binds a managed hostdev to (virhostdev.c virHostdevPreparePCIDevices, then
   * virpci.c virPCIDeviceBindToStub, which rebinds whatever driver the VF had, pci-stub included):
   * see {@link NodedevDetachDriver#defaultVfioDriver}.
   */
  public static String managedDriver(HostSpec host) {
    return NodedevDetachDriver.defaultVfioDriver(host);
  }

  public static void bindToGuestDriver(HostSpec host, VfSpec vf) {
    PciBus.bindToGuestDriver(host, vf);
  }

  public static void returnToHost(VfSpec vf) {
    PciBus.returnToHost(vf);
  }
}
