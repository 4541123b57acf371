package io.vfmigrate.workflow.preflight;

import io.vfmigrate.host.Host;
import io.vfmigrate.tools.ToolNotInstalledException;
import io.vfmigrate.tools.dpkg.DebianPackage;
import io.vfmigrate.tools.dpkg.Dpkg;
import io.vfmigrate.tools.rpm.InstalledPackage;
import io.vfmigrate.tools.rpm.Rpm;
import java.util.List;
import java.util.Optional;

/**
 * Installed packages on RHEL-like hosts (rpm) and, where rpm is missing, on Debian-like hosts
 * (dpkg), with the install command that fits the host.
 */
final class PackageLookup {
  /** A package found installed: its name and upstream version. */
  record Found(String name, String version) {}

  private final Rpm rpm;
  private final Dpkg dpkg;
  private Boolean hasRpm;

  PackageLookup(Host host) {
    this.rpm = new Rpm(host);
    this.dpkg = new Dpkg(host);
  }

  /** The rpm package {@code rpmName}, or on Debian {@code debName}. */
  Optional<Found> find(String rpmName, String debName) {
    if (rpm()) {
      try {
        return rpm.query(rpmName).map(p -> new Found(p.name(), p.version()));
      } catch (ToolNotInstalledException e) {
        hasRpm = false;
      }
    }
    return dpkg.query(debName).map(PackageLookup::found);
  }

  /** rpm packages named {@code openvswitch[N.N]} (RHEL's versioned names), else the Debian one. */
  List<Found> findVersioned(String rpmFamily, String debName) {
    if (rpm()) {
      try {
        List<InstalledPackage> all = rpm.queryAll(rpmFamily + "*");
        return all.stream()
            .filter(p -> p.name().matches("\\Q" + rpmFamily + "\\E[0-9.]*"))
            .map(p -> new Found(p.name(), p.version()))
            .toList();
      } catch (ToolNotInstalledException e) {
        hasRpm = false;
      }
    }
    return dpkg.query(debName).map(PackageLookup::found).stream().toList();
  }

  /** The command that installs the package on this kind of host. */
  String installCommand(String rpmName, String debName) {
    return rpm() ? "dnf install -y " + rpmName : "apt-get install -y " + debName;
  }

  /** The command that updates an installed package on this kind of host. */
  String upgradeCommand(String rpmName, String debName) {
    return rpm() ? "dnf update -y " + rpmName : "apt-get install --only-upgrade -y " + debName;
  }

  /** True on RHEL-like hosts (rpm answers), false where dpkg stands in. */
  boolean usesRpm() {
    return rpm();
  }

  /**
   * True on a host whose packages rpm manages: rpm knows itself ({@code rpm -q rpm}). A Debian host
   * has no rpm, or one with an empty database that knows no package at all.
   */
  private boolean rpm() {
    if (hasRpm == null) {
      try {
        hasRpm = rpm.query("rpm").isPresent();
      } catch (ToolNotInstalledException e) {
        hasRpm = false;
      }
    }
    return hasRpm;
  }

  private static Found found(DebianPackage p) {
    return new Found(p.name(), p.upstreamVersion());
  }
}
