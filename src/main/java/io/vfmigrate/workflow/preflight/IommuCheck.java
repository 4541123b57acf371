package io.vfmigrate.workflow.preflight;

import io.vfmigrate.model.Finding;
import io.vfmigrate.tools.sysfs.PciSysfs;

/** {@code iommu-enabled}: VFIO needs the IOMMU on in firmware and kernel. */
final class IommuCheck implements HostCheck {
  static final String ID = "iommu-enabled";

  @Override
  public String id() {
    return ID;
  }

  @Override
  public Finding check(HostProbe probe) {
    if (new PciSysfs(probe.host()).iommuEnabled()) {
      return Finding.pass(ID, probe.name(), "IOMMU groups present in /sys/kernel/iommu_groups");
    }
    return Finding.fail(
        ID,
        probe.name(),
        "/sys/kernel/iommu_groups is empty: the IOMMU is off",
        "enable VT-d/AMD-Vi in the firmware setup, then: grubby --update-kernel=ALL"
            + " --args=\"intel_iommu=on iommu=pt\" (AMD: amd_iommu=on iommu=pt) and reboot");
  }
}
