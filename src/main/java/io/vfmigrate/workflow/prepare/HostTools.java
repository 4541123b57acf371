package io.vfmigrate.workflow.prepare;

import io.vfmigrate.host.Host;
import io.vfmigrate.model.PciAddress;
import io.vfmigrate.tools.devlink.Devlink;
import io.vfmigrate.tools.mstflint.Mstconfig;
import io.vfmigrate.tools.ovs.OvsAppctl;
import io.vfmigrate.tools.ovs.OvsVsctl;
import io.vfmigrate.tools.sysfs.PciSysfs;
import io.vfmigrate.tools.systemd.Systemctl;
import io.vfmigrate.tools.virsh.Virsh;

/** The tool adapters of one host and its PF, as the preparation steps use them. */
record HostTools(
    String hostName,
    PciAddress pf,
    Devlink devlink,
    PciSysfs sysfs,
    Virsh virsh,
    OvsVsctl ovs,
    OvsAppctl appctl,
    Systemctl systemctl,
    Mstconfig mstconfig) {
  static HostTools of(String name, Host host, PciAddress pf) {
    return new HostTools(
        name,
        pf,
        new Devlink(host),
        new PciSysfs(host),
        new Virsh(host),
        new OvsVsctl(host),
        new OvsAppctl(host),
        new Systemctl(host),
        new Mstconfig(host));
  }
}
