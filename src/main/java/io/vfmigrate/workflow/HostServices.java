package io.vfmigrate.workflow;

import io.vfmigrate.tools.systemd.Systemctl;
import io.vfmigrate.tools.systemd.UnitFile;
import java.util.List;

/**
 * The systemd units that run Open vSwitch and libvirt on one host, found from the unit files the
 * host has ({@code systemctl list-unit-files}), not assumed from one distribution.
 *
 * <ul>
 *   <li>Open vSwitch: {@code openvswitch} on RHEL and Fedora (its package's unit), {@code
 *       openvswitch-switch} on Debian and Ubuntu; with neither (not installed) {@code openvswitch}.
 *   <li>libvirt: the monolithic {@code libvirtd} when it is enabled (Debian, older RHEL), else the
 *       modular {@code virtqemud} when the host has it (RHEL 9's default), else {@code libvirtd}.
 * </ul>
 *
 * @param openvswitch the Open vSwitch unit, e.g. {@code openvswitch-switch}
 * @param libvirt the libvirt daemon that serves QEMU: {@code libvirtd} or {@code virtqemud}
 */
public record HostServices(String openvswitch, String libvirt) {
  public static final String OVS_RHEL = "openvswitch";
  public static final String OVS_DEBIAN = "openvswitch-switch";
  public static final String LIBVIRT_MONOLITHIC = "libvirtd";
  public static final String LIBVIRT_MODULAR = "virtqemud";

  /** What the host's unit files say, with one {@code systemctl list-unit-files}. */
  public static HostServices read(Systemctl systemctl) {
    return of(
        systemctl.unitFiles(
            OVS_RHEL + ".service",
            OVS_DEBIAN + ".service",
            LIBVIRT_MONOLITHIC + ".service",
            LIBVIRT_MONOLITHIC + ".socket",
            LIBVIRT_MODULAR + ".service",
            LIBVIRT_MODULAR + ".socket"));
  }

  /** The units that fit these unit files. */
  public static HostServices of(List<UnitFile> files) {
    String ovs = has(files, OVS_RHEL) ? OVS_RHEL : has(files, OVS_DEBIAN) ? OVS_DEBIAN : OVS_RHEL;
    boolean monolithicEnabled =
        files.stream().anyMatch(f -> f.unit().equals(LIBVIRT_MONOLITHIC) && f.enabled());
    String libvirt =
        !monolithicEnabled && has(files, LIBVIRT_MODULAR) ? LIBVIRT_MODULAR : LIBVIRT_MONOLITHIC;
    return new HostServices(ovs, libvirt);
  }

  /** True when libvirt runs as modular daemons (virtqemud and friends). */
  public boolean modularLibvirt() {
    return libvirt.equals(LIBVIRT_MODULAR);
  }

  /** The command that starts libvirt now and at every boot, as this host runs it. */
  public String enableLibvirt() {
    return modularLibvirt()
        ? io.vfmigrate.tools.virsh.LibvirtDaemon.ENABLE_MODULAR
        : io.vfmigrate.tools.virsh.LibvirtDaemon.ENABLE_MONOLITHIC;
  }

  private static boolean has(List<UnitFile> files, String unit) {
    return files.stream().anyMatch(f -> f.unit().equals(unit));
  }
}
