package io.vfmigrate.lab.machine;

import io.vfmigrate.lab.state.HostSpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Which package provides which program on an emulated host. A host is RHEL-like (rpm) unless its
 * {@code os} names Debian or Ubuntu (dpkg). Programs of the base system (the package manager,
 * systemctl, uname, ...) are always there; the others only when their package is installed.
 * Packages are named by their RHEL family ({@code openvswitch}, {@code libvirt}, {@code iproute});
 * a Debian host's names for the same software count too.
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

  /** Packages of a minimal Debian 12 install (versions of bookworm), always present. */
  public static final Map<String, String> DEBIAN_BASE =
      Map.of(
          "bash", "5.2.15-2+b2",
          "coreutils", "9.1-1",
          "dpkg", "1.21.22",
          "systemd", "252.30-1~deb12u2",
          "kmod", "30+20221128-1",
          "iputils-ping", "3:20221126-1",
          "util-linux", "2.38.1-5+deb12u1");

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
          Map.entry("lshw", "lshw"),
          Map.entry("firewall-cmd", "firewalld"));

  /** Debian's packages for a RHEL family (Debian 12: openvswitch-switch, libvirt-clients, ...). */
  private static final Map<String, List<String>> DEBIAN_NAMES =
      Map.of(
          "openvswitch", List.of("openvswitch-switch", "openvswitch-common"),
          "libvirt", List.of("libvirt-clients", "libvirt-daemon", "libvirt-daemon-system"),
          "iproute", List.of("iproute2"),
          "qemu-kvm", List.of("qemu-system-x86"));

  private static final Set<String> COMMON_PROGRAMS =
      Set.of("systemctl", "uname", "modinfo", "modprobe", "cat", "ls", "ping", "hostname", "stat");

  private Packages() {}

  /**
   * The package names whose version is a family's version, in order of preference: libvirt's and
   * QEMU's subpackages count for them; a name also matches with a version appended ({@code
   * openvswitch3.3}, RHEL's Fast Datapath names).
   */
  private static final Map<String, List<String>> VERSION_NAMES =
      Map.of(
          "libvirt",
          List.of(
              "libvirt",
              "libvirt-client",
              "libvirt-daemon",
              "libvirt-daemon-kvm",
              "libvirt-clients",
              "libvirt-daemon-system"),
          "qemu-kvm",
          List.of("qemu-kvm", "qemu-kvm-core", "qemu", "qemu-system-x86"),
          "iproute",
          List.of("iproute", "iproute2"));

  /** Every installed package, name to value ({@code VERSION} or {@code VERSION-RELEASE}). */
  public static Map<String, String> installed(HostSpec host) {
    Map<String, String> all = new LinkedHashMap<>(new TreeMap<>(base(host)));
    all.putAll(host.packages);
    return all;
  }

  /**
   * The one reader of package versions: the upstream version ({@link #upstream}) of the installed
   * package of that family, e.g. {@code 10.0.0} for libvirt from {@code libvirt-client
   * 10.0.0-6.el9_4}.
   */
  public static Optional<String> version(HostSpec host, String family) {
    Map<String, String> installed = installed(host);
    for (String name : VERSION_NAMES.getOrDefault(family, List.of(family))) {
      for (Map.Entry<String, String> pkg : installed.entrySet()) {
        String key = pkg.getKey();
        if ((key.equals(name) || key.matches("\\Q" + name + "\\E[0-9.]+"))
            && pkg.getValue() != null) {
          return Optional.of(upstream(pkg.getValue()));
        }
      }
    }
    return Optional.empty();
  }

  /**
   * {@code 17:8.2.0-11.el9_4} gives {@code 8.2.0}: no epoch, no release; Debian's {@code
   * 1:7.2+dfsg-7+deb12u7} gives {@code 7.2}: no repack suffix either.
   */
  public static String upstream(String version) {
    String v = version.strip();
    int colon = v.indexOf(':');
    if (colon >= 0) {
      v = v.substring(colon + 1);
    }
    int dash = v.indexOf('-');
    v = dash >= 0 ? v.substring(0, dash) : v;
    int suffix = v.indexOf('+');
    return suffix >= 0 ? v.substring(0, suffix) : v;
  }

  /** True when the host's {@code os} is Debian or Ubuntu: dpkg, and Debian's package names. */
  public static boolean debianLike(HostSpec host) {
    String os = host.os == null ? "" : host.os.toLowerCase(Locale.ROOT);
    return os.contains("debian") || os.contains("ubuntu");
  }

  /** The base system's packages of this kind of host. */
  public static Map<String, String> base(HostSpec host) {
    return debianLike(host) ? DEBIAN_BASE : BASE;
  }

  /** True when the host has the program installed. */
  public static boolean provides(HostSpec host, String program) {
    if (COMMON_PROGRAMS.contains(program)) {
      return true;
    }
    if (debianLike(host)
        ? program.equals("dpkg-query") || program.equals("dpkg")
        : program.equals("rpm")) {
      return true;
    }
    String pkg = PROGRAM_PACKAGE.get(program);
    // A host described with a running firewalld has it installed.
    return pkg != null
        && (installed(host, pkg) || pkg.equals("firewalld") && host.firewall != null);
  }

  /**
   * True when a package of that family is installed: {@code openvswitch} matches {@code
   * openvswitch3.3} (RHEL's Fast Datapath names carry the version), {@code libvirt} matches {@code
   * libvirt-client}, and each matches Debian's names ({@code openvswitch-switch}).
   */
  public static boolean installed(HostSpec host, String family) {
    for (String name : host.packages.keySet()) {
      if (ofFamily(name, family)) {
        return true;
      }
    }
    return false;
  }

  /** True when the package {@code name} belongs to {@code family}. */
  public static boolean ofFamily(String name, String family) {
    return name.equals(family)
        || name.matches("\\Q" + family + "\\E[0-9.]+")
        || name.equals(family + "-client")
        || DEBIAN_NAMES.getOrDefault(family, List.of()).contains(name);
  }

  /**
   * The systemd unit of Open vSwitch: {@code openvswitch} on RHEL, {@code openvswitch-switch} on
   * Debian and Ubuntu (their package's unit; ovsdb-server and ovs-vswitchd are parts of it).
   */
  public static String ovsUnit(HostSpec host) {
    return debianLike(host) ? "openvswitch-switch" : "openvswitch";
  }

  /** True when the host's Open vSwitch service runs. */
  public static boolean ovsRunning(HostSpec host) {
    return "active".equals(host.services.get(ovsUnit(host)));
  }
}
