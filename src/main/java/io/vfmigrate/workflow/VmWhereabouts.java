package io.vfmigrate.workflow;

import io.vfmigrate.host.Fleet;
import io.vfmigrate.host.ManagedHost;
import io.vfmigrate.model.InvalidInputException;
import io.vfmigrate.model.VfmigrateException;
import io.vfmigrate.tools.virsh.Virsh;
import java.util.ArrayList;
import java.util.List;

/**
 * Where a VM is defined across the hosts of the inventory, in any state. A name that no host
 * defines is a wrong name, invalid input (exit 2); a VM that exists but is elsewhere or not running
 * is a state to change first (exit 3). Only when every host answered can a name be called unknown.
 */
public record VmWhereabouts(String vm, List<String> definedOn, List<String> unanswered) {
  public VmWhereabouts {
    definedOn = List.copyOf(definedOn);
    unanswered = List.copyOf(unanswered);
  }

  /** Asks every host ({@code virsh domstate}), in inventory order. */
  public static VmWhereabouts of(Fleet fleet, String vm) {
    return scan(fleet, vm, false);
  }

  /**
   * Throws invalid input when no host defines the VM, asking the hosts only until one does: a name
   * defined somewhere passes after the first host that has it.
   */
  public static void requireKnown(Fleet fleet, String vm) {
    VmWhereabouts where = scan(fleet, vm, true);
    if (where.unknown()) {
      throw where.unknownError(fleet);
    }
  }

  private static VmWhereabouts scan(Fleet fleet, String vm, boolean untilFound) {
    List<String> defined = new ArrayList<>();
    List<String> unanswered = new ArrayList<>();
    for (ManagedHost h : fleet.all()) {
      try {
        if (new Virsh(h.host()).domstate(vm).isPresent()) {
          defined.add(h.name());
          if (untilFound) {
            break;
          }
        }
      } catch (VfmigrateException e) {
        // A host that does not answer may define it: the name cannot be called unknown.
        unanswered.add(h.name());
      }
    }
    return new VmWhereabouts(vm, defined, unanswered);
  }

  /** No host defines the VM, and every host answered. */
  public boolean unknown() {
    return definedOn.isEmpty() && unanswered.isEmpty();
  }

  /** The error for a VM that no host defines. */
  public InvalidInputException unknownError(Fleet fleet) {
    return new InvalidInputException(
        "No host has a VM (libvirt domain) named "
            + vm
            + " (hosts: "
            + String.join(", ", fleet.names())
            + ").",
        "check the name: virsh list --all on each host lists its domains");
  }

  /** " It is defined on dst." when it is defined elsewhere than {@code host}, else "". */
  public String elsewhere(String host) {
    List<String> others = definedOn.stream().filter(h -> !h.equals(host)).toList();
    return others.isEmpty() ? "" : " It is defined on " + String.join(" and ", others) + ".";
  }
}
