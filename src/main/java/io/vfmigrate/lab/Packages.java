package io.vfmigrate.lab;

import io.vfmigrate.lab.state.HostSpec;
import java.util.Map;
import java.util.Set;

/**
 * Which package provides which program on an emulated RHEL host. Programs of the base system (rpm,
 * systemctl, uname, ...) are always there; the others only when their package is installed.
 */
public final class Packages {
  /** Packages of a minimal RHEL 9 install, with their versions, always present. */
  public static final Map<String, String> BASE =
      Map.of(
          "bash", "5.1.8",
          "coreutils", "8.32",
          "rpm", "4.16.1.3",
          "systemd", "252",
          "kmod", "28",
          "iputils", "20210202",
          "util-linux", "2.37.4");

  private static final Map<String, String> PROGRAM_PACKAGE =
      Map.ofEntries(
          Map.entry("mstflint", "mstflint"),
          Map.entry("mstconfig", "mstflint"),
          Map.entry("mstfwreset", "mstflint"),
          Map.entry("ovs-vsctl", "openvswitch"),
          Map.entry("ovs-appctl", "openvswitch"),
          Map.entry("ovs-ofctl", "openvswitch"),
          Map.entry("virsh", "libvirt"),
          Map.entry("devlink", "iproute"),
          Map.entry("ip", "iproute"),
          Map.entry("lshw", "lshw"));

  private static final Set<String> BASE_PROGRAMS =
      Set.of("rpm", "systemctl", "uname", "modinfo", "modprobe", "cat", "ls", "ping", "hostname");

  private Packages() {}

  /** True when the host has the program installed. */
  public static boolean provides(HostSpec host, String program) {
    if (BASE_PROGRAMS.contains(program)) {
      return true;
    }
    String pkg = PROGRAM_PACKAGE.get(program);
    return pkg != null && installed(host, pkg);
  }

  /**
   * True when a package of that family is installed: {@code openvswitch} matches {@code
   * openvswitch3.3} (RHEL's Fast Datapath names carry the version), {@code libvirt} matches {@code
   * libvirt-client}.
   */
  public static boolean installed(HostSpec host, String family) {
    for (String name : host.packages.keySet()) {
      if (name.equals(family)
          || name.matches("\\Q" + family + "\\E[0-9.]+")
          || name.equals(family + "-client")) {
        return true;
      }
    }
    return false;
  }
}
