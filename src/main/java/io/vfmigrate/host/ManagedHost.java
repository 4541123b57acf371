package io.vfmigrate.host;

import io.vfmigrate.model.PciAddress;

/** A host of the inventory together with the port that reaches it. */
public record ManagedHost(InventoryEntry entry, Host host) {
  public String name() {
    return entry.name();
  }

  public PciAddress pf() {
    return entry.pf();
  }
}
