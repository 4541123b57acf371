package io.vfmigrate.lab.machine;

import io.vfmigrate.lab.state.HostSpec;
import java.util.Optional;

/**
 * Which driver {@code virsh nodedev-detach DEV [--driver NAME]} binds on a lab host, or libvirt's
 * refusal, by the host's libvirt version. Read from libvirt's source:
 *
 * <ul>
 *   <li>v9.0.0 src/qemu/qemu_driver.c qemuNodeDeviceDetachFlags: no name means {@code vfio}; any
 *       name but {@code vfio} and {@code kvm} is {@code VIR_ERR_INVALID_ARG "unknown driver name
 *       '%s'"}; {@code kvm} is {@code VIR_ERR_ARGUMENT_UNSUPPORTED "KVM device assignment is no
 *       longer supported on this system"}; src/util/virpci.c virPCIDeviceBindToStub binds vfio-pci
 *       (virPCIStubDriver's VFIO name).
 *   <li>9.7.0 (NEWS.rst "basic support for use of VFIO variant drivers": "pre-binding the variant
 *       driver using the --driver option of virsh nodedev-detach"), as read in v10.0.0 and v11.3.0
 *       qemu_driver.c: {@code vfio} is the same as no name; {@code kvm} is refused with "'legacy
 *       KVM' device assignment is no longer supported on this system"; any other name goes to
 *       virpci.c virPCIDeviceFindDriver unchecked ("we can't know whether or not it is a VFIO
 *       driver until the device has been bound to it"): a loaded driver of that name (or with '-'
 *       as '_') is bound, else {@code modprobe -b} of the underscored name, whose failure is
 *       "Failed to load PCI driver module %s: %s" with modprobe's stderr (newline included).
 *   <li>10.0.0 (NEWS.rst "automatic selection/binding of VFIO variant drivers"; v10.0.0 virpci.c
 *       virPCIDeviceFindBestVFIOVariant): with no name, the most specific {@code alias vfio_pci:}
 *       line of the running kernel's modules.alias that matches the device, i.e. mlx5_vfio_pci for
 *       a ConnectX VF (15b3:101e) when the kernel ships it, else vfio-pci.
 * </ul>
 *
 * The 9.7 wording of the {@code kvm} refusal is taken from the series that 10.0.0 shows; no 9.7
 * tarball was read.
 */
public final class NodedevDetachDriver {
  /**
   * The driver bound, or the libvirt error (without virsh's {@code error: } prefix); {@code
   * atBind}: the error comes from binding (virPCIDeviceBindToStub), after virhostdev.c's in-use
   * check, not from qemu_driver.c before it.
   */
  public record Outcome(Optional<String> driver, Optional<String> error, boolean atBind) {
    static Outcome bound(String driver) {
      return new Outcome(Optional.of(driver), Optional.empty(), false);
    }

    static Outcome refused(String error) {
      return new Outcome(Optional.empty(), Optional.of(error), false);
    }
  }

  private NodedevDetachDriver() {}

  public static Outcome of(HostSpec host, Optional<String> requested) {
    boolean named = VirshVersions.libvirtAtLeast(host, 9, 7);
    String name = requested.orElse("vfio");
    if (name.equals("kvm")) {
      return Outcome.refused(
          named
              ? "argument unsupported: 'legacy KVM' device assignment is no longer supported on"
                  + " this system"
              : "argument unsupported: KVM device assignment is no longer supported on this"
                  + " system");
    }
    if (!named && !name.equals("vfio")) {
      return Outcome.refused("invalid argument: unknown driver name '" + name + "'");
    }
    if (!host.iommu) {
      return Outcome.refused(
          "argument unsupported: VFIO device assignment is currently not supported on this"
              + " system");
    }
    if (name.equals("vfio")) {
      return Outcome.bound(defaultVfioDriver(host));
    }
    // virPCIDeviceFindDriver: the name, or with '-' as '_'; else modprobe of the underscored name,
    // whose /sys/module/NAME/drivers/pci:DRIVER link names the driver (pci-stub's module is
    // pci_stub).
    String module = name.replace('-', '_');
    for (String loaded : PciBus.drivers(host)) {
      if (loaded.replace('-', '_').equals(module)) {
        return Outcome.bound(loaded);
      }
    }
    return new Outcome(
        Optional.empty(),
        Optional.of(
            "internal error: Failed to load PCI driver module "
                + module
                + ": modprobe: FATAL: Module "
                + module
                + " not found in directory /lib/modules/"
                + host.kernel
                + "\n"),
        true);
  }

  /**
   * The driver libvirt picks for VFIO assignment without a name: from 10.0.0 the variant driver of
   * the running kernel's modules.alias, before it vfio-pci. Also what a managed hostdev gets.
   */
  public static String defaultVfioDriver(HostSpec host) {
    return VirshVersions.libvirtAtLeast(host, 10, 0) && HostFacts.hasMlx5VfioPci(host.kernel)
        ? DomainHostdevs.VARIANT_DRIVER
        : DomainHostdevs.VFIO_PCI;
  }
}
