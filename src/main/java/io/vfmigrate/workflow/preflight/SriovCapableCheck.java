package io.vfmigrate.workflow.preflight;

import io.vfmigrate.model.Finding;
import io.vfmigrate.tools.sysfs.PciSysfs;
import java.util.OptionalInt;

/** {@code sriov-capable}: the PF offers VFs ({@code sriov_totalvfs} above zero). */
final class SriovCapableCheck implements HostCheck {
  static final String ID = "sriov-capable";

  @Override
  public String id() {
    return ID;
  }

  @Override
  public Finding check(HostProbe probe) {
    OptionalInt total = new PciSysfs(probe.host()).totalVfs(probe.pf());
    if (total.isPresent() && total.getAsInt() > 0) {
      return Finding.pass(ID, probe.name(), "sriov_totalvfs " + total.getAsInt());
    }
    return Finding.fail(
        ID,
        probe.name(),
        total.isPresent()
            ? "sriov_totalvfs is 0: SR-IOV is disabled in the NIC firmware"
            : probe.pf() + " has no sriov_totalvfs: SR-IOV is not available",
        "mstconfig -y -d "
            + probe.pf()
            + " set SRIOV_EN=1 NUM_OF_VFS=16, enable SR-IOV in the"
            + " server's firmware setup, then reboot");
  }
}
