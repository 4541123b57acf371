package io.vfmigrate.workflow.preflight;

import io.vfmigrate.model.Finding;
import io.vfmigrate.model.GuestRequirements;
import io.vfmigrate.tools.virsh.DomainCapabilities;
import java.util.Optional;

/**
 * {@code machine-type}: QEMU on the destination offers the VM's machine type for the VM's
 * virtualization type, asked as libvirt asks before it starts the incoming domain ({@code virsh
 * domcapabilities --virttype --arch --machine}, {@code virQEMUCapsIsMachineSupported}); otherwise
 * the incoming QEMU cannot start. {@code virsh capabilities} is not asked: it lists one set of
 * machine types for KVM and TCG alike.
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
    Optional<DomainCapabilities> offered =
        dst.domainCapabilities(needs.virtType(), needs.arch(), needs.machine());
    if (offered.isPresent()) {
      DomainCapabilities d = offered.get();
      return Finding.pass(
          ID,
          pair,
          dst.name()
              + "'s QEMU offers machine type "
              + needs.machine()
              + (d.machine().equals(needs.machine()) ? "" : " (" + d.machine() + ")")
              + (d.emulator().isEmpty() ? "" : " in " + d.emulator()));
    }
    return Finding.fail(
        ID,
        pair,
        dst.name()
            + "'s QEMU does not offer machine type "
            + needs.machine()
            + " ("
            + needs.arch()
            + (needs.virtType().isEmpty() ? "" : ", " + needs.virtType())
            + ") that "
            + guest.vm()
            + " runs with",
        "update QEMU on "
            + dst.name()
            + " to the release of "
            + src.name()
            + " or newer ('virsh domcapabilities --machine "
            + needs.machine()
            + "' answers there once it has it), or migrate to a host that has it");
  }
}
