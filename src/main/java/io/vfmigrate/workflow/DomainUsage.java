package io.vfmigrate.workflow;

import io.vfmigrate.model.DomainXml;
import io.vfmigrate.model.HostdevInterface;
import io.vfmigrate.model.MacAddress;
import io.vfmigrate.model.PciAddress;
import io.vfmigrate.tools.virsh.Virsh;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Which PCI devices and MAC addresses the domains of one host use, from their domain XML. */
public final class DomainUsage {
  private final Map<PciAddress, String> devices = new LinkedHashMap<>();
  private final Map<MacAddress, String> macs = new LinkedHashMap<>();

  private DomainUsage() {}

  public static DomainUsage of(Virsh virsh) {
    DomainUsage usage = new DomainUsage();
    for (String name : virsh.listAllNames()) {
      // A domain listed a moment ago may have migrated away since: it uses nothing here now.
      Optional<DomainXml> found = virsh.dumpxmlIfExists(name);
      if (found.isEmpty()) {
        continue;
      }
      DomainXml xml = found.get();
      for (HostdevInterface h : xml.hostdevInterfaces()) {
        usage.devices.put(h.source(), name);
      }
      for (MacAddress mac : xml.macs()) {
        usage.macs.put(mac, name);
      }
    }
    return usage;
  }

  /** The domain that uses this PCI device as a hostdev, if any. */
  public java.util.Optional<String> userOf(PciAddress pci) {
    return java.util.Optional.ofNullable(devices.get(pci));
  }

  public java.util.Optional<String> ownerOf(MacAddress mac) {
    return java.util.Optional.ofNullable(macs.get(mac));
  }

  public Map<MacAddress, String> macs() {
    return Map.copyOf(macs);
  }

  public List<PciAddress> devices() {
    return List.copyOf(devices.keySet());
  }
}
