package io.vfmigrate.workflow.preflight;

import io.vfmigrate.model.Finding;
import io.vfmigrate.model.VfmigrateException;
import io.vfmigrate.tools.virsh.VirshVersion;

/**
 * {@code libvirt-running}: libvirt answers on the host. Checked by asking it ({@code virsh
 * version}), not the init system, so it holds for libvirtd, RHEL 9's modular virtqemud, or a daemon
 * started by hand. The fix starts the daemon the host uses (its unit files say which).
 */
final class LibvirtRunningCheck implements HostCheck {
  static final String ID = "libvirt-running";

  @Override
  public String id() {
    return ID;
  }

  @Override
  public Finding check(HostProbe probe) {
    try {
      VirshVersion version = probe.virshVersion();
      return Finding.pass(ID, probe.name(), "libvirt " + version.libraryVersion() + " answers");
    } catch (VfmigrateException e) {
      return Finding.fail(
          ID, probe.name(), "libvirt does not answer: " + e.getMessage(), probe.enableLibvirt());
    }
  }
}
