package io.vfmigrate.model;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A PCI function address in the full form {@code 0000:e1:00.1} (domain:bus:slot.function). */
public record PciAddress(int domain, int bus, int slot, int function)
    implements Comparable<PciAddress> {
  private static final Pattern FORMAT =
      Pattern.compile("([0-9a-fA-F]{4}):([0-9a-fA-F]{2}):([0-9a-fA-F]{2})\\.([0-7])");
  private static final Pattern NODEDEV =
      Pattern.compile("pci_([0-9a-f]{4})_([0-9a-f]{2})_([0-9a-f]{2})_([0-7])");

  public PciAddress {
    if (domain < 0 || domain > 0xffff || bus < 0 || bus > 0xff || slot < 0 || slot > 0x1f) {
      throw new InvalidInputException(
          "PCI address out of range.", "use the form 0000:e1:00.1 (slot at most 1f).");
    }
    if (function < 0 || function > 7) {
      throw new InvalidInputException("PCI function out of range.", "the function is 0 to 7.");
    }
  }

  /** Parses {@code 0000:e1:00.1}; anything else is invalid input. */
  public static PciAddress parse(String text) {
    Matcher m = text == null ? null : FORMAT.matcher(text);
    if (m == null || !m.matches()) {
      throw new InvalidInputException(
          "Invalid PCI address '" + Names.printable(String.valueOf(text)) + "'.",
          "use the full form DDDD:BB:SS.F, for example 0000:e1:00.1 (see lshw -c network"
              + " -businfo).");
    }
    return new PciAddress(
        Integer.parseInt(m.group(1), 16),
        Integer.parseInt(m.group(2), 16),
        Integer.parseInt(m.group(3), 16),
        Integer.parseInt(m.group(4)));
  }

  /** Parses libvirt's node device name {@code pci_0000_e1_00_1}. */
  public static PciAddress fromNodedevName(String name) {
    Matcher m = NODEDEV.matcher(name);
    if (!m.matches()) {
      throw new InvalidInputException(
          "Invalid node device name '" + Names.printable(name) + "'.",
          "use the form pci_0000_e1_00_1.");
    }
    return parse(m.group(1) + ":" + m.group(2) + ":" + m.group(3) + "." + m.group(4));
  }

  /** The PCI routing id (bus, device, function) used for SR-IOV offsets. */
  public int routingId() {
    return (bus << 8) | (slot << 3) | function;
  }

  /** The address {@code offset} routing ids after this one, in the same domain. */
  public PciAddress plusRoutingId(int offset) {
    int rid = routingId() + offset;
    return new PciAddress(domain, (rid >> 8) & 0xff, (rid >> 3) & 0x1f, rid & 0x7);
  }

  /** libvirt's node device name, e.g. {@code pci_0000_e1_00_1}. */
  public String nodedevName() {
    return String.format(Locale.ROOT, "pci_%04x_%02x_%02x_%d", domain, bus, slot, function);
  }

  /** The devlink handle of this function as a device: {@code pci/0000:e1:00.0}. */
  public String devlinkHandle() {
    return "pci/" + this;
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT, "%04x:%02x:%02x.%d", domain, bus, slot, function);
  }

  @Override
  public int compareTo(PciAddress o) {
    return Integer.compare((domain << 16) | routingId(), (o.domain << 16) | o.routingId());
  }

  // Written out rather than generated: a record's generated equals and hashCode are bootstrapped
  // through method handles at their first call, which a fresh JVM pays on every run
  // (RecordMethodsTest).
  @Override
  public boolean equals(Object o) {
    return o instanceof PciAddress p
        && domain == p.domain
        && bus == p.bus
        && slot == p.slot
        && function == p.function;
  }

  @Override
  public int hashCode() {
    return ((domain * 31 + bus) * 31 + slot) * 31 + function;
  }
}
