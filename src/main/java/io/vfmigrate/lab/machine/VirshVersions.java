package io.vfmigrate.lab.machine;

import io.vfmigrate.lab.state.HostSpec;
import java.util.Optional;

/** The libvirt and QEMU versions of a lab host, read from its installed packages. */
public final class VirshVersions {
  private VirshVersions() {}

  /** libvirt's version, e.g. {@code 10.0.0}, from {@code libvirt} or one of its subpackages. */
  public static Optional<String> libvirt(HostSpec host) {
    return Packages.version(host, "libvirt");
  }

  /** QEMU's version, e.g. {@code 8.2.0}, from RHEL's {@code qemu-kvm} or Debian's package. */
  public static Optional<String> qemu(HostSpec host) {
    return Packages.version(host, "qemu-kvm");
  }

  /** True when libvirt is at least {@code major.minor}. */
  public static boolean libvirtAtLeast(HostSpec host, int major, int minor) {
    return libvirt(host).map(v -> atLeast(v, major, minor)).orElse(false);
  }

  /** True when QEMU is at least {@code major.minor}. */
  public static boolean qemuAtLeast(HostSpec host, int major, int minor) {
    return qemu(host).map(v -> atLeast(v, major, minor)).orElse(false);
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
