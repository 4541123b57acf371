package io.vfmigrate.tools.lshw;

import io.vfmigrate.model.InvalidInputException;
import io.vfmigrate.model.PciAddress;
import java.util.Optional;

/**
 * One row of {@code lshw -businfo}. {@code device} is the logical name (netdev), empty for a VF
 * bound to vfio or to no driver; {@code busInfo} is e.g. {@code pci@0000:e1:00.0}, {@code
 * virtio@2}, or empty for nodes without bus information.
 */
public record LshwDevice(String busInfo, String device, String deviceClass, String description) {
  private static final String PCI_PREFIX = "pci@";

  /** The PCI address when the bus info is {@code pci@DDDD:BB:SS.F}. */
  public Optional<PciAddress> pciAddress() {
    if (!busInfo.startsWith(PCI_PREFIX)) {
      return Optional.empty();
    }
    try {
      return Optional.of(PciAddress.parse(busInfo.substring(PCI_PREFIX.length())));
    } catch (InvalidInputException e) {
      return Optional.empty();
    }
  }

  /** The netdev name, when the device has one. */
  public Optional<String> netdev() {
    return device.isEmpty() ? Optional.empty() : Optional.of(device);
  }
}
