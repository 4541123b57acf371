package io.vfmigrate.workflow.preflight;

import io.vfmigrate.model.Finding;

/**
 * {@code host-uuid-distinct}: libvirt refuses a migration between two hosts with the same host UUID
 * ({@code qemuMigrationDstPrepareAny}: "Attempt to migrate guest to the same host"), which cloned
 * hosts often have.
 */
final class HostUuidDistinctCheck implements DirectedCheck {
  static final String ID = "host-uuid-distinct";

  @Override
  public String id() {
    return ID;
  }

  @Override
  public Finding check(PrereqFacts a, PrereqFacts b) {
    String pair = a.name() + "," + b.name();
    String ua = a.capabilities().uuid();
    String ub = b.capabilities().uuid();
    if (!ua.equalsIgnoreCase(ub)) {
      return Finding.pass(ID, pair, "libvirt host UUIDs differ (" + ua + ", " + ub + ")");
    }
    return Finding.fail(
        ID,
        pair,
        a.name()
            + " and "
            + b.name()
            + " report the same libvirt host UUID "
            + ua
            + "; libvirt refuses the migration as one to the same host",
        "give "
            + b.name()
            + " its own UUID: set host_uuid = \"<output of uuidgen>\" in /etc/libvirt/libvirtd.conf"
            + " (virtqemud.conf with modular daemons) and restart libvirt there");
  }
}
