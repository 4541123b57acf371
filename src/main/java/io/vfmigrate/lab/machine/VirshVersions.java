package io.vfmigrate.lab.machine;

import io.vfmigrate.lab.state.HostSpec;
import java.util.Map;
import java.util.Optional;

/** The libvirt and QEMU versions of a lab host, read from its installed packages. */
public final class VirshVersions {
  private VirshVersions() {}

  /** libvirt's version, e.g. {@code 10.0.0}, from {@code libvirt} or one of its subpackages. */
  public static Optional<String> libvirt(HostSpec host) {
    return version(
        host,
        "libvirt",
        "libvirt-client",
        "libvirt-daemon",
        "libvirt-daemon-kvm",
        "libvirt-clients",
        "libvirt-daemon-system");
  }

  /** QEMU's version, e.g. {@code 8.2.0}, from RHEL's {@code qemu-kvm} or Debian's package. */
  public static Optional<String> qemu(HostSpec host) {
    return version(host, "qemu-kvm", "qemu-kvm-core", "qemu", "qemu-system-x86");
  }

  /** True when libvirt is at least {@code major.minor}. */
  public static boolean libvirtAtLeast(HostSpec host, int major, int minor) {
    return libvirt(host).map(v -> atLeast(v, major, minor)).orElse(false);
  }

  private static Optional<String> version(HostSpec host, String... names) {
    for (String name : names) {
      for (Map.Entry<String, String> pkg : host.packages.entrySet()) {
        if (pkg.getKey().equals(name) && pkg.getValue() != null) {
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

  public static boolean atLeast(String version, int major, int minor) {
    String[] parts = version.split("\\.");
    try {
      int ma = Integer.parseInt(parts[0]);
      int mi = parts.length > 1 ? Integer.parseInt(parts[1]) : 0;
      return ma > major || (ma == major && mi >= minor);
    } catch (NumberFormatException e) {
      return false;
    }
  }
}
