package io.vfmigrate.lab.machine.migration;

import io.vfmigrate.lab.machine.LabTopology.VfRef;
import io.vfmigrate.lab.state.InterfaceSpec;
import io.vfmigrate.lab.state.VmSpec;
import io.vfmigrate.lab.tools.LabContext;
import io.vfmigrate.lab.tools.virsh.MigrationRequest;
import io.vfmigrate.model.PciAddress;
import java.util.List;

/**
 * A migration that passed every check: the domain, where it goes, and which destination VF takes
 * over each of its VFs.
 *
 * @param source the host the domain leaves
 * @param destination the host it goes to
 * @param vm the domain on the source
 * @param vfs its passed-through VFs
 * @param request what {@code virsh migrate} asked for
 */
public record MigrationPlan(
    LabContext source,
    LabContext destination,
    VmSpec vm,
    List<VfMove> vfs,
    MigrationRequest request) {
  public MigrationPlan {
    vfs = List.copyOf(vfs);
  }

  /**
   * One VF of the domain.
   *
   * @param iface the domain's hostdev interface
   * @param from the VF on the source
   * @param to the address of the VF that takes over on the destination
   * @param target that VF on the destination
   */
  public record VfMove(InterfaceSpec iface, VfRef from, PciAddress to, VfRef target) {}
}
