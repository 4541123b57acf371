package io.vfmigrate.lab.machine.migration;

import io.vfmigrate.lab.state.HostSpec;
import io.vfmigrate.lab.state.VmSpec;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.UUID;

/** Domain and host identities as libvirt sees them in the lab. */
public final class MigrationDomains {
  private MigrationDomains() {}

  /** virsh's lookup: by UUID, then by name. */
  public static Optional<VmSpec> lookup(HostSpec host, String key) {
    for (VmSpec vm : host.vms) {
      if (key.equalsIgnoreCase(uuid(vm))) {
        return Optional.of(vm);
      }
    }
    return host.vms.stream().filter(vm -> key.equals(vm.name)).findFirst();
  }

  /** The domain's UUID; a lab domain without one gets a stable one derived from its name. */
  public static String uuid(VmSpec vm) {
    if (vm.uuid == null) {
      vm.uuid =
          UUID.nameUUIDFromBytes(("vfmigrate-lab:" + vm.name).getBytes(StandardCharsets.UTF_8))
              .toString();
    }
    return vm.uuid;
  }

  /** The host's UUID (libvirt compares them to refuse a migration to the same host). */
  public static String hostUuid(String name, HostSpec host) {
    if (host.uuid == null) {
      host.uuid =
          UUID.nameUUIDFromBytes(("vfmigrate-lab-host:" + name).getBytes(StandardCharsets.UTF_8))
              .toString();
    }
    return host.uuid;
  }

  /**
   * Sets the domain's state and the reason {@code virsh domstate --reason} gives for it
   * (tools/virsh-domain-monitor.c virshDomainStateReasonToString); null for the usual one.
   */
  public static void state(VmSpec vm, String state, String reason) {
    vm.state = state;
    vm.stateReason = reason;
  }

  /** Running or paused: a QEMU process exists. */
  public static boolean active(VmSpec vm) {
    return "running".equals(vm.state) || "paused".equals(vm.state);
  }

  /** The libvirt version of the host, e.g. 10.0.0, from its packages. */
  public static String libvirtVersion(HostSpec host) {
    for (String name :
        new String[] {"libvirt", "libvirt-client", "libvirt-daemon", "libvirt-daemon-kvm"}) {
      String v = host.packages.get(name);
      if (v != null) {
        String s = v.strip();
        s = s.contains(":") ? s.substring(s.indexOf(':') + 1) : s;
        return s.contains("-") ? s.substring(0, s.indexOf('-')) : s;
      }
    }
    return "10.0.0";
  }

  /** True when the host's libvirt is at least {@code major.minor}. */
  public static boolean libvirtAtLeast(HostSpec host, int major, int minor) {
    String[] parts = libvirtVersion(host).split("\\.");
    try {
      int ma = Integer.parseInt(parts[0]);
      int mi = parts.length > 1 ? Integer.parseInt(parts[1]) : 0;
      return ma > major || (ma == major && mi >= minor);
    } catch (NumberFormatException e) {
      return true;
    }
  }
}
