package io.vfmigrate.workflow.preflight;

import io.vfmigrate.model.Finding;
import io.vfmigrate.model.GuestRequirements;

/**
 * {@code machine-type}: QEMU on the destination offers the VM's machine type (libvirt's
 * capabilities list every type and alias per architecture); otherwise the incoming QEMU cannot
 * start.
 */
final class MachineTypeCheck implements GuestCheck {
  static final String ID = "machine-type";

  @Override
  public String id() {
    return ID;
  }

  @Override
  public Finding check(PrereqFacts src, PrereqFacts dst, GuestFacts guest) {
    String pair = src.name() + "," + dst.name();
    GuestRequirements needs = guest.needs();
    if (needs.machine().isEmpty()) {
      return Finding.pass(ID, pair, guest.vm() + " names no machine type");
    }
    if (dst.capabilities().supportsMachine(needs.arch(), needs.machine())) {
      return Finding.pass(ID, pair, dst.name() + "'s QEMU offers machine type " + needs.machine());
    }
    return Finding.fail(
        ID,
        pair,
        dst.name()
            + "'s QEMU does not offer machine type "
            + needs.machine()
            + " ("
            + needs.arch()
            + ") that "
            + guest.vm()
            + " runs with",
        "update QEMU on "
            + dst.name()
            + " to the release of "
            + src.name()
            + " or newer ('virsh capabilities' lists the machine types), or migrate to a host"
            + " that has it");
  }
}
