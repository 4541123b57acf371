package io.vfmigrate.workflow.preflight;

import io.vfmigrate.model.Finding;
import java.util.List;

/**
 * {@code openvswitch-installed}. RHEL ships Open vSwitch from the Fast Datapath repository under
 * versioned names (openvswitch3.3), so any {@code openvswitch[N.N]} package counts.
 */
final class OpenvswitchInstalledCheck implements HostCheck {
  static final String ID = "openvswitch-installed";

  @Override
  public String id() {
    return ID;
  }

  @Override
  public Finding check(HostProbe probe) {
    List<PackageLookup.Found> pkgs = probe.openvswitchPackages();
    if (!pkgs.isEmpty()) {
      PackageLookup.Found p = pkgs.get(0);
      return Finding.pass(ID, probe.name(), p.name() + " " + p.version());
    }
    return Finding.fail(
        ID,
        probe.name(),
        "no openvswitch package is installed; in switchdev mode the NIC passes no traffic"
            + " without it",
        probe.packages().installCommand("openvswitch3.3", "openvswitch-switch")
            + (probe.packages().usesRpm()
                ? " (RHEL: enable the fast-datapath repository first; Fedora and CentOS Stream:"
                    + " dnf install -y openvswitch)"
                : ""));
  }
}
