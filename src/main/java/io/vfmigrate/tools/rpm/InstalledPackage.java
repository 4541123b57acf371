package io.vfmigrate.tools.rpm;

import java.util.Objects;

/**
 * An installed RPM as {@code rpm -q} names it (its default query format is {@code %{NEVRA}} without
 * the epoch: {@code name-version-release.arch}).
 */
public record InstalledPackage(String name, String version, String release, String arch) {
  public InstalledPackage {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(release, "release");
    Objects.requireNonNull(arch, "arch");
  }

  /** {@code mstflint-4.26.0-1.el9.x86_64}, as rpm prints it. */
  public String nevra() {
    return name + "-" + version + "-" + release + (arch.isEmpty() ? "" : "." + arch);
  }

  @Override
  public String toString() {
    return nevra();
  }
}
