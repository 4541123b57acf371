package io.vfmigrate.workflow.preflight;

import io.vfmigrate.model.Finding;
import io.vfmigrate.model.VfmigrateException;
import java.util.Optional;

/**
 * {@code switchover-ack}: whether a migration between the two hosts can use QEMU's switchover-ack
 * capability (QEMU 8.1, "migration: Add switchover ack capability"; it needs the return path, so
 * both QEMUs must have it and the migration must not be tunnelled, which vfmigrate refuses anyway).
 * With it the source waits until the destination has loaded each VF's initial state; without it
 * that load (about 1.5 s for an mlx5 VF) falls inside the downtime: published 1900 ms against 420
 * ms for one VF with 300 MB of state (Horon, "migration: Add switchover ack capability and VFIO
 * precopy support", 2023). Whether libvirt turned it on for a given migration, {@code migrate}
 * reports from QEMU itself ({@code switchover_ack}).
 *
 * <p>libvirt's side: libvirt sets only the migration capabilities its QEMU driver knows ({@code
 * qemuMigrationCapability} in src/qemu/qemu_migration_params.h), and up to libvirt 9.0 that list
 * ends at {@code zero-copy-send}: no {@code switchover-ack}, so libvirt never turns it on, whatever
 * the QEMUs support (libvirt 9.0.0's QEMU driver, libvirt_driver_qemu.so, has no such string). No
 * libvirt release notes found announce it later either; for libvirt newer than {@value
 * #LIBVIRT_KNOWN_WITHOUT} the check says it cannot tell and {@code migrate} reports what QEMU used.
 */
final class SwitchoverAckCheck implements PairCheck {
  static final String ID = "switchover-ack";

  /** What each VF costs in downtime without switchover-ack (1900 - 420 ms, rounded). */
  static final long COST_PER_VF_MS = 1480;

  /** The newest libvirt whose QEMU driver is known to have no switchover-ack capability. */
  static final String LIBVIRT_KNOWN_WITHOUT = "9.0";

  @Override
  public String id() {
    return ID;
  }

  @Override
  public Finding check(HostProbe a, HostProbe b) {
    String pair = a.name() + "," + b.name();
    Optional<String> qa = qemu(a);
    Optional<String> qb = qemu(b);
    boolean both =
        qa.map(v -> QemuVersionCheck.atLeast(v, 8, 1)).orElse(false)
            && qb.map(v -> QemuVersionCheck.atLeast(v, 8, 1)).orElse(false);
    String versions =
        a.name()
            + " runs QEMU "
            + qa.orElse("(unknown)")
            + ", "
            + b.name()
            + " QEMU "
            + qb.orElse("(unknown)");
    Optional<String> la = libvirt(a);
    Optional<String> lb = libvirt(b);
    if (both && (knownWithout(la) || knownWithout(lb))) {
      return Finding.warn(
          ID,
          pair,
          versions
              + ", but libvirt "
              + la.orElse("(unknown)")
              + " on "
              + a.name()
              + ", "
              + lb.orElse("(unknown)")
              + " on "
              + b.name()
              + ": libvirt up to "
              + LIBVIRT_KNOWN_WITHOUT
              + " never turns QEMU's switchover-ack on (its QEMU driver has no such migration"
              + " capability), so each VF adds about "
              + COST_PER_VF_MS
              + " ms of downtime (published: 1900 ms instead of 420 ms for one mlx5 VF)",
          "upgrade libvirt on both hosts; migrate reports whether QEMU used switchover-ack"
              + " (switchover_ack)");
    }
    if (both) {
      return Finding.pass(
          ID,
          pair,
          versions
              + ": both support switchover-ack, so a VF's load on the destination can stay out of"
              + " the downtime if libvirt "
              + la.orElse("(unknown)")
              + " turns it on (libvirt up to "
              + LIBVIRT_KNOWN_WITHOUT
              + " does not; newer ones vfmigrate cannot tell); migrate reports whether it was"
              + " used (switchover_ack)");
    }
    return Finding.warn(
        ID,
        pair,
        versions
            + ": switchover-ack needs QEMU 8.1 on both hosts; without it each VF adds about "
            + COST_PER_VF_MS
            + " ms of downtime (published: 1900 ms instead of 420 ms for one mlx5 VF)",
        "upgrade QEMU to 8.1 or later on both hosts (see qemu-version), then restart the VMs on"
            + " the new QEMU");
  }

  private static Optional<String> libvirt(HostProbe probe) {
    try {
      return Optional.of(probe.virshVersion().apiVersion());
    } catch (VfmigrateException e) {
      return Optional.empty();
    }
  }

  /** True for a libvirt at most {@link #LIBVIRT_KNOWN_WITHOUT}: it cannot set switchover-ack. */
  static boolean knownWithout(Optional<String> libvirt) {
    return libvirt.map(v -> !QemuVersionCheck.atLeast(v, 9, 1)).orElse(false);
  }

  private static Optional<String> qemu(HostProbe probe) {
    try {
      return probe.virshVersion().qemuVersion();
    } catch (VfmigrateException e) {
      return Optional.empty();
    }
  }
}
