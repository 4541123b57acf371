package io.vfmigrate.workflow.preflight;

import io.vfmigrate.model.Finding;
import io.vfmigrate.tools.kernel.Modinfo;
import io.vfmigrate.tools.kernel.ModuleInfo;
import io.vfmigrate.tools.kernel.Uname;
import java.util.Optional;

/**
 * {@code vfio-variant-driver}: mlx5_vfio_pci, the VFIO variant driver that migrates the VF's state.
 * Checked by capability (modinfo), not by kernel version: RHEL 9's 5.14 kernel has it backported.
 */
final class VfioVariantDriverCheck implements HostCheck {
  static final String ID = "vfio-variant-driver";
  static final String MODULE = "mlx5_vfio_pci";

  @Override
  public String id() {
    return ID;
  }

  @Override
  public Finding check(HostProbe probe) {
    Optional<ModuleInfo> module = new Modinfo(probe.host()).find(MODULE);
    if (module.isPresent()) {
      return Finding.pass(
          ID, probe.name(), MODULE + " available (" + module.get().filename() + ")");
    }
    String kernel = new Uname(probe.host()).release();
    return Finding.fail(
        ID,
        probe.name(),
        "kernel " + kernel + " has no " + MODULE + " module",
        "boot a kernel that ships mlx5_vfio_pci (upstream 5.18 or later, 6.7+ recommended; RHEL 9:"
            + " dnf install -y kernel-modules-core kernel-modules and reboot into the newest"
            + " kernel)");
  }
}
