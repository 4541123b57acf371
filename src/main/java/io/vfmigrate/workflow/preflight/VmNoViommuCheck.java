package io.vfmigrate.workflow.preflight;

import io.vfmigrate.model.DomainXml;
import io.vfmigrate.model.Finding;
import io.vfmigrate.tools.virsh.Virsh;

/** {@code vm-no-viommu}: QEMU blocks VFIO migration when the VM has a virtual IOMMU. */
final class VmNoViommuCheck {
  static final String ID = "vm-no-viommu";

  Finding check(HostProbe probe, String vm) {
    DomainXml xml = new Virsh(probe.host()).dumpxml(vm);
    if (!xml.hasViommu()) {
      return Finding.pass(ID, probe.name(), vm + " has no vIOMMU");
    }
    return Finding.fail(
        ID,
        probe.name(),
        vm + " has a virtual IOMMU (<iommu> in its domain XML); a VF cannot migrate with it",
        "remove the <iommu> element: virsh edit "
            + vm
            + " (delete <iommu .../> under <devices>),"
            + " then shut the VM down and start it again");
  }
}
