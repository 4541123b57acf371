package io.vfmigrate.lab.machine;

import io.vfmigrate.lab.state.HostSpec;

/**
 * The host's systemd units: their active state, and what Open vSwitch's daemon does with
 * hw-offload. ovs-vswitchd turns hardware offload on when it reads {@code hw-offload=true}, at
 * start or at any later change of its database, once per process, and off only by stopping
 * (openvswitch lib/netdev-offload.c {@code netdev_set_flow_api_enabled}, called from
 * vswitchd/bridge.c on every change; 3.7: lib/dpif-offload.c). That is why vswitch.xml says a
 * change of hw-offload "requires restarting the daemon": removing it takes effect only then.
 */
public final class Services {
  private Services() {}

  /** {@code systemctl start}: starting a unit that is active already changes nothing. */
  public static void start(HostSpec host, String unit) {
    if ("active".equals(host.services.get(unit))) {
      return;
    }
    host.services.put(unit, "active");
    if (unit.equals(Packages.ovsUnit(host))) {
      host.ovs.offloadApplied = "true".equals(host.ovs.otherConfig.get("hw-offload"));
    }
  }

  /** {@code systemctl restart}: a stop, then a start. */
  public static void restart(HostSpec host, String unit) {
    stop(host, unit);
    start(host, unit);
  }

  public static void stop(HostSpec host, String unit) {
    host.services.put(unit, "inactive");
    if (unit.equals(Packages.ovsUnit(host))) {
      host.ovs.offloadApplied = false;
    }
  }

  /** A committed change of other_config, as the running ovs-vswitchd reads it. */
  public static void ovsReconfigured(HostSpec host) {
    if (Packages.ovsRunning(host) && "true".equals(host.ovs.otherConfig.get("hw-offload"))) {
      host.ovs.offloadApplied = true;
    }
  }
}
