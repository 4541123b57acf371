package io.vfmigrate.lab.machine;

import io.vfmigrate.lab.state.HostSpec;

/**
 * The host's systemd units: their active state, and what starting or stopping Open vSwitch does to
 * its datapath (ovs-vswitchd reads hw-offload only when it starts).
 */
public final class Services {
  private Services() {}

  public static void start(HostSpec host, String unit) {
    host.services.put(unit, "active");
    if (unit.equals(Packages.ovsUnit(host))) {
      host.ovs.offloadApplied = "true".equals(host.ovs.otherConfig.get("hw-offload"));
    }
  }

  public static void stop(HostSpec host, String unit) {
    host.services.put(unit, "inactive");
    if (unit.equals(Packages.ovsUnit(host))) {
      host.ovs.offloadApplied = false;
    }
  }
}
