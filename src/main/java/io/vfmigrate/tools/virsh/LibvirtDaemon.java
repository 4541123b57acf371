package io.vfmigrate.tools.virsh;

/**
 * How libvirt is started for good, as a fix says it: the monolithic {@code libvirtd}, or the
 * modular daemons' sockets ({@code virtqemud} and friends, socket-activated). One text wherever a
 * libvirt that does not answer is reported.
 */
public final class LibvirtDaemon {
  /** Starts the monolithic daemon now and at every boot. */
  public static final String ENABLE_MONOLITHIC = "systemctl enable --now libvirtd";

  /** Starts the modular QEMU daemon's sockets now and at every boot. */
  public static final String ENABLE_MODULAR =
      "systemctl enable --now virtqemud.socket virtqemud-ro.socket virtqemud-admin.socket";

  /** Both ways, for a host whose daemon is not known. */
  public static final String ENABLE_EITHER =
      ENABLE_MONOLITHIC + " (or, with modular daemons, " + ENABLE_MODULAR + ")";

  private LibvirtDaemon() {}
}
