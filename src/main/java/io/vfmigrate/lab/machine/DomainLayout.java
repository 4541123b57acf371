package io.vfmigrate.lab.machine;

import io.vfmigrate.lab.state.HostSpec;
import io.vfmigrate.lab.state.InterfaceSpec;
import io.vfmigrate.lab.state.VmSpec;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a lab domain's devices sit, decided once and kept stable: its UUID, its libvirt id, and the
 * guest PCI bus of every interface (q35: each device on its own pcie-root-port, so a device on bus
 * N appears in the guest as {@code enpNs0} under systemd's predictable names).
 */
public final class DomainLayout {
  public static final String HOSTDEV = "hostdev";
  private static final Pattern PREDICTABLE = Pattern.compile("enp(\\d+)s0");

  private DomainLayout() {}

  /** The domain's UUID; a name-based one is generated and stored the first time it is needed. */
  public static String uuid(VmSpec vm) {
    if (vm.uuid == null) {
      vm.uuid =
          UUID.nameUUIDFromBytes(("vfmigrate-lab:" + vm.name).getBytes(StandardCharsets.UTF_8))
              .toString();
    }
    return vm.uuid;
  }

  public static boolean active(VmSpec vm) {
    return "running".equals(vm.state) || "paused".equals(vm.state);
  }

  /** libvirt's domain id: active domains are numbered from 1 in the host's order; -1 otherwise. */
  public static int id(HostSpec host, VmSpec vm) {
    if (!active(vm)) {
      return -1;
    }
    int id = 0;
    for (VmSpec other : host.vms) {
      if (active(other)) {
        id++;
      }
      if (other == vm) {
        return id;
      }
    }
    return -1;
  }

  public static boolean isHostdev(InterfaceSpec iface) {
    return HOSTDEV.equals(iface.type);
  }

  public static long virtioCount(VmSpec vm) {
    return vm.interfaces.stream().filter(i -> !isHostdev(i)).count();
  }

  /** Guest bus of the virtio-serial controller that carries the guest agent channel. */
  public static int serialBus(VmSpec vm) {
    return (int) virtioCount(vm) + 1;
  }

  public static int diskBus(VmSpec vm) {
    return (int) virtioCount(vm) + 2;
  }

  /** The guest PCI bus of an interface: virtio NICs first, hot-plugged hostdevs after the disk. */
  public static int guestBus(VmSpec vm, InterfaceSpec iface) {
    if (!isHostdev(iface)) {
      int n = 0;
      for (InterfaceSpec other : vm.interfaces) {
        if (!isHostdev(other)) {
          n++;
        }
        if (other == iface) {
          return n;
        }
      }
    }
    if (iface.guestName != null) {
      Matcher m = PREDICTABLE.matcher(iface.guestName);
      if (m.matches()) {
        return Integer.parseInt(m.group(1));
      }
    }
    return diskBus(vm) + 1 + List.copyOf(vm.interfaces).indexOf(iface);
  }

  /** The first free hot-plug bus and the guest's predictable name for a NIC on it. */
  public static String nextHostdevGuestName(VmSpec vm) {
    Set<Integer> used = new HashSet<>();
    for (InterfaceSpec iface : vm.interfaces) {
      used.add(guestBus(vm, iface));
    }
    int bus = diskBus(vm) + 1;
    while (used.contains(bus)) {
      bus++;
    }
    return String.format(Locale.ROOT, "enp%ds0", bus);
  }

  /** The q35 machine type QEMU on this RHEL release reports, e.g. {@code pc-q35-rhel9.4.0}. */
  public static String machine(HostSpec host) {
    Matcher m = Pattern.compile("(\\d+)\\.(\\d+)").matcher(host.os == null ? "" : host.os);
    return m.find() ? "pc-q35-rhel" + m.group(1) + "." + m.group(2) + ".0" : "pc-q35-rhel9.4.0";
  }
}
