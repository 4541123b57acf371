package io.vfmigrate.lab;

import io.vfmigrate.lab.state.HostSpec;
import io.vfmigrate.lab.state.LabSpec;
import io.vfmigrate.lab.state.NicSpec;
import io.vfmigrate.model.NotReadyException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A lab in memory: its state, its virtual clock, and one {@link LabHost} per host. */
public final class Lab {
  private final LabSpec spec;
  private final VirtualClock clock;
  private final Map<String, LabHost> hosts = new LinkedHashMap<>();

  public Lab(LabSpec spec) {
    this.spec = spec;
    this.clock = new VirtualClock(spec);
  }

  public LabSpec spec() {
    return spec;
  }

  public VirtualClock clock() {
    return clock;
  }

  public List<String> hostNames() {
    return List.copyOf(spec.hosts.keySet());
  }

  /** The host named {@code name}; a name the lab does not have is a usage error. */
  public LabHost host(String name) {
    HostSpec host = spec.hosts.get(name);
    if (host == null) {
      throw new LabException(
          "The lab has no host named '" + name + "'.",
          "use one of: " + String.join(", ", spec.hosts.keySet()) + ".");
    }
    return hosts.computeIfAbsent(name, n -> new LabHost(this, n));
  }

  /**
   * Reboots a host: next-boot firmware settings become current, and what does not survive a reboot
   * is gone (VFs, switchdev mode, driver bindings, temporary files). Refused while a VM runs there,
   * because a reboot would stop it.
   */
  public void reboot(String name) {
    HostSpec host = hostSpec(name);
    List<String> running =
        host.vms.stream().filter(vm -> !"shut off".equals(vm.state)).map(vm -> vm.name).toList();
    if (!running.isEmpty()) {
      throw new NotReadyException(
          "Host " + name + " runs " + String.join(", ", running) + "; a reboot would stop it.",
          "migrate the VMs away or shut them down (virsh shutdown VM), then reboot the host.");
    }
    for (NicSpec nic : host.nics) {
      if (nic.vfMigrationModeNext != null) {
        nic.vfMigrationMode = nic.vfMigrationModeNext;
        nic.vfMigrationModeNext = null;
      }
      if (nic.firmwareNext != null) {
        nic.firmware = nic.firmwareNext;
        nic.firmwareNext = null;
      }
      nic.numVfs = 0;
      nic.vfs.clear();
      nic.eswitch = "legacy";
    }
    host.files.clear();
    host.ovs.offloadApplied = "true".equals(host.ovs.otherConfig.get("hw-offload"));
    clock.advance(BOOT_TIME);
  }

  private static final java.time.Duration BOOT_TIME = java.time.Duration.ofSeconds(90);

  public HostSpec hostSpec(String name) {
    host(name);
    return spec.hosts.get(name);
  }
}
