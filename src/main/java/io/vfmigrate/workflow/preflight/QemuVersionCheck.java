package io.vfmigrate.workflow.preflight;

import io.vfmigrate.model.Finding;
import io.vfmigrate.model.VfmigrateException;
import java.util.Optional;

/** {@code qemu-version}: VFIO migration is non-experimental from QEMU 8.1. */
final class QemuVersionCheck implements HostCheck {
  static final String ID = "qemu-version";

  @Override
  public String id() {
    return ID;
  }

  @Override
  public Finding check(HostProbe probe) {
    String version;
    String source;
    try {
      Optional<String> running = probe.virshVersion().qemuVersion();
      if (running.isEmpty()) {
        throw new VfmigrateException("virsh version names no QEMU", "");
      }
      version = running.get();
      source = "running hypervisor";
    } catch (VfmigrateException e) {
      Optional<PackageLookup.Found> pkg = probe.packages().find("qemu-kvm", "qemu-system-x86");
      if (pkg.isEmpty()) {
        return Finding.fail(
            ID,
            probe.name(),
            "QEMU is not installed and libvirt does not answer (" + e.getMessage() + ")",
            probe
                    .packages()
                    .installCommand("qemu-kvm libvirt", "qemu-system-x86 libvirt-daemon-system")
                + " && "
                + probe.enableLibvirt());
      }
      version = pkg.get().version();
      source = "package " + pkg.get().name();
    }
    if (atLeast(version, 8, 1)) {
      return Finding.pass(ID, probe.name(), "QEMU " + version + " (" + source + ")");
    }
    return Finding.fail(
        ID,
        probe.name(),
        "QEMU " + version + " cannot migrate VFIO devices; 8.1 or later is needed",
        probe.packages().upgradeCommand("qemu-kvm", "qemu-system-x86")
            + " (8.1 or later), then restart the VMs on the new QEMU");
  }

  static boolean atLeast(String version, int major, int minor) {
    return io.vfmigrate.model.VersionNumbers.atLeast(version, major, minor);
  }
}
