package io.vfmigrate.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.w3c.dom.Element;

/**
 * What a domain needs from the host it migrates to, read from its domain XML: the virtualization
 * type, architecture and machine type, the CPU mode, memory and hugepages, and its disks.
 *
 * @param virtType {@code kvm} or {@code qemu} ({@code <domain type=...>})
 * @param arch e.g. {@code x86_64}
 * @param machine e.g. {@code pc-q35-rhel9.4.0}; empty when the XML names none
 * @param cpuMode {@code host-passthrough}, {@code host-model}, {@code custom} or {@code maximum};
 *     {@code custom} when a {@code <cpu>} without a mode names a model, empty without {@code <cpu>}
 * @param memory the guest memory ({@code <memory>})
 * @param hugepageKib the hugepage size backing the memory in KiB, 0 for the host's default size;
 *     empty when the memory is not backed by hugepages
 * @param disks the disks
 */
public record GuestRequirements(
    String virtType,
    String arch,
    String machine,
    String cpuMode,
    ByteSize memory,
    Optional<Long> hugepageKib,
    List<GuestDisk> disks) {
  public GuestRequirements {
    disks = List.copyOf(disks);
  }

  /** Reads a domain XML. */
  public static GuestRequirements of(String domainXml) {
    Element root =
        XmlTree.root(
            domainXml,
            problem ->
                new DomainXmlException(
                    "The domain XML cannot be parsed: " + problem,
                    "pass the unmodified output of 'virsh dumpxml VM'."));
    Optional<Element> type = XmlTree.child(root, "os").flatMap(os -> XmlTree.child(os, "type"));
    String cpuMode =
        XmlTree.child(root, "cpu")
            .map(c -> c.hasAttribute("mode") ? c.getAttribute("mode") : "custom")
            .orElse("");
    ByteSize memory = DomainXml.parse(domainXml).memory().orElse(ByteSize.ofBytes(0));
    Optional<Long> hugepages =
        XmlTree.child(root, "memoryBacking")
            .flatMap(b -> XmlTree.child(b, "hugepages"))
            .map(GuestRequirements::pageSize);
    List<GuestDisk> disks = new ArrayList<>();
    XmlTree.child(root, "devices")
        .ifPresent(d -> XmlTree.children(d, "disk").forEach(e -> disks.add(disk(e))));
    return new GuestRequirements(
        root.getAttribute("type"),
        type.map(t -> t.getAttribute("arch")).orElse(""),
        type.map(t -> t.getAttribute("machine")).orElse(""),
        cpuMode,
        memory,
        hugepages,
        disks);
  }

  private static long pageSize(Element hugepages) {
    return XmlTree.child(hugepages, "page")
        .map(
            p ->
                ByteSize.parse(
                            p.getAttribute("size")
                                + (p.hasAttribute("unit") ? p.getAttribute("unit") : "KiB"))
                        .bytes()
                    / 1024)
        .orElse(0L);
  }

  private static GuestDisk disk(Element disk) {
    Optional<Element> source = XmlTree.child(disk, "source");
    String type = disk.getAttribute("type");
    String where =
        source
            .map(
                s ->
                    switch (type) {
                      case "file" -> s.getAttribute("file");
                      case "block" -> s.getAttribute("dev");
                      case "dir" -> s.getAttribute("dir");
                      case "network" -> s.getAttribute("protocol") + ":" + s.getAttribute("name");
                      case "volume" -> s.getAttribute("pool") + "/" + s.getAttribute("volume");
                      // libvirt never counts an NVMe disk as empty (virStorageSourceIsEmpty).
                      case "nvme" -> nvme(s);
                      default -> "";
                    })
            .orElse("");
    return new GuestDisk(
        type,
        disk.hasAttribute("device") ? disk.getAttribute("device") : "disk",
        XmlTree.child(disk, "target").map(t -> t.getAttribute("dev")).orElse(""),
        where,
        XmlTree.child(disk, "driver").map(d -> d.getAttribute("cache")).orElse(""),
        XmlTree.child(disk, "readonly").isPresent(),
        XmlTree.child(disk, "shareable").isPresent());
  }

  /** {@code nvme:DOMAIN:BUS:SLOT.FUNCTION/NAMESPACE} of {@code <source type='pci'>}. */
  private static String nvme(Element source) {
    String pci =
        XmlTree.child(source, "address")
            .map(
                a ->
                    hex(a.getAttribute("domain"), 4)
                        + ":"
                        + hex(a.getAttribute("bus"), 2)
                        + ":"
                        + hex(a.getAttribute("slot"), 2)
                        + "."
                        + hex(a.getAttribute("function"), 1))
            .orElse("?");
    return "nvme:" + pci + "/" + source.getAttribute("namespace");
  }

  private static String hex(String value, int width) {
    String digits = value.startsWith("0x") ? value.substring(2) : value;
    return "0".repeat(Math.max(0, width - digits.length())) + digits;
  }
}
