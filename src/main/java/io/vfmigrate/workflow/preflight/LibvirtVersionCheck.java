package io.vfmigrate.workflow.preflight;

import io.vfmigrate.model.Finding;
import io.vfmigrate.model.VfmigrateException;
import io.vfmigrate.workflow.VfPark;
import java.util.Optional;

/**
 * {@code libvirt-version}: libvirt 10.0 or later, which binds the VF's VFIO variant driver itself.
 * For {@code <interface type='hostdev' managed='yes'>} libvirt chooses the driver it binds when the
 * VM starts (and when a migration starts it on the destination): from 10.0 the most specific {@code
 * vfio_pci:} match in the running kernel's modules.alias, mlx5_vfio_pci for a ConnectX-7 VF (NEWS
 * 10.0.0; virpci.c virPCIDeviceFindBestVFIOVariant); before 10.0 plain vfio-pci, whose device has
 * no migration support, so QEMU refuses to migrate the VM ("VFIO device doesn't support
 * migration"). Asked of the running libvirt ({@code virsh version}), else of its package.
 */
final class LibvirtVersionCheck implements HostCheck {
  static final String ID = "libvirt-version";

  @Override
  public String id() {
    return ID;
  }

  @Override
  public Finding check(HostProbe probe) {
    String version;
    String source;
    try {
      version = probe.virshVersion().libraryVersion();
      source = "virsh version";
    } catch (VfmigrateException e) {
      Optional<PackageLookup.Found> pkg = probe.packages().find("libvirt", "libvirt-daemon");
      if (pkg.isEmpty()) {
        return Finding.fail(
            ID,
            probe.name(),
            "libvirt is not installed and does not answer (" + e.getMessage() + ")",
            probe.packages().installCommand("libvirt", "libvirt-daemon-system")
                + " && "
                + probe.enableLibvirt());
      }
      version = pkg.get().version();
      source = "package " + pkg.get().name();
    }
    if (VfPark.libvirtBindsVariantDriver(version)) {
      return Finding.pass(
          ID,
          probe.name(),
          "libvirt " + version + " (" + source + ") binds mlx5_vfio_pci to a managed VF itself");
    }
    return Finding.fail(
        ID,
        probe.name(),
        VfPark.plainVfioPci(version + " (" + source + ")")
            + "; 10.0 or later binds its variant driver mlx5_vfio_pci",
        probe.packages().upgradeCommand("libvirt", "libvirt-daemon-system")
            + " (10.0 or later: RHEL 9.4, Debian 13), then restart libvirt");
  }
}
