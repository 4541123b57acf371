package io.vfmigrate.workflow.preflight;

import io.vfmigrate.model.Finding;
import io.vfmigrate.tools.systemd.Systemctl;

/**
 * {@code libvirt-running}: a libvirt daemon answers on the host, either the monolithic libvirtd or
 * RHEL 9's modular virtqemud.
 */
final class LibvirtRunningCheck implements HostCheck {
  static final String ID = "libvirt-running";

  @Override
  public String id() {
    return ID;
  }

  @Override
  public Finding check(HostProbe probe) {
    Systemctl systemctl = new Systemctl(probe.host());
    for (String unit : new String[] {"virtqemud", "libvirtd"}) {
      if ("active".equals(systemctl.isActive(unit))) {
        return Finding.pass(ID, probe.name(), unit + " is active");
      }
    }
    return Finding.fail(
        ID,
        probe.name(),
        "neither virtqemud nor libvirtd is active",
        "systemctl enable --now libvirtd (or, with modular daemons, virtqemud.socket)");
  }
}
