package io.vfmigrate.lab;

import io.vfmigrate.host.Fleet;
import io.vfmigrate.host.Host;
import io.vfmigrate.host.InventoryEntry;
import io.vfmigrate.host.ManagedHost;
import io.vfmigrate.lab.state.HostSpec;
import io.vfmigrate.model.PciAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/** The lab's hosts as an inventory: each host's first NIC is its PF, reached as a lab host. */
public final class LabInventory {
  private LabInventory() {}

  /** The fleet of the lab; {@code wrap} decorates each host (e.g. to report commands). */
  public static Fleet fleet(Lab lab, UnaryOperator<Host> wrap) {
    List<ManagedHost> hosts = new ArrayList<>();
    for (String name : lab.hostNames()) {
      HostSpec spec = lab.hostSpec(name);
      if (spec.nics.isEmpty()) {
        continue;
      }
      InventoryEntry entry =
          InventoryEntry.basic(
              name,
              "lab",
              spec.address,
              PciAddress.parse(spec.nics.get(0).pci),
              InventoryEntry.defaultUri(spec.address),
              InventoryEntry.DEFAULT_BRIDGE,
              Optional.of(lab.spec().vfPeer));
      hosts.add(new ManagedHost(entry, wrap.apply(lab.host(name))));
    }
    return new Fleet(hosts);
  }
}
