package io.vfmigrate.tools.virsh;

import io.vfmigrate.model.XmlTree;
import io.vfmigrate.tools.ToolOutputException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.w3c.dom.Element;

/**
 * What {@code virsh capabilities} says about a host (libvirt's capabilities XML, {@code
 * src/conf/capabilities.c virCapabilitiesFormatXML}): the host UUID libvirt compares to refuse a
 * migration to the same host, the host CPU, the memory page sizes, and the machine types QEMU
 * offers per guest architecture, aliases ({@code pc}, {@code q35}) included.
 *
 * @param uuid the host UUID ({@code <host><uuid>})
 * @param cpu the host CPU
 * @param pageSizesKib the page sizes the host supports, in KiB ({@code <pages size=.../>})
 * @param machines per guest architecture, every machine type name and alias
 */
public record HostCapabilities(
    String uuid, HostCpu cpu, List<Long> pageSizesKib, Map<String, Set<String>> machines) {
  public HostCapabilities {
    pageSizesKib = List.copyOf(pageSizesKib);
    machines = Map.copyOf(machines);
  }

  /** Whether QEMU on this host offers machine type {@code machine} for {@code arch}. */
  public boolean supportsMachine(String arch, String machine) {
    return machines.getOrDefault(arch, Set.of()).contains(machine);
  }

  /** Parses the XML {@code virsh capabilities} prints. */
  public static HostCapabilities parse(String xml) {
    Element root =
        XmlTree.root(xml, problem -> new ToolOutputException("virsh capabilities", problem, xml));
    if (!"capabilities".equals(root.getTagName())) {
      throw new ToolOutputException(
          "virsh capabilities", "the root element is <" + root.getTagName() + ">", xml);
    }
    Element host =
        XmlTree.child(root, "host")
            .orElseThrow(
                () -> new ToolOutputException("virsh capabilities", "no <host> element", xml));
    String uuid = XmlTree.text(host, "uuid").orElse("");
    Element cpu =
        XmlTree.child(host, "cpu")
            .orElseThrow(
                () -> new ToolOutputException("virsh capabilities", "no <host><cpu> element", xml));
    List<String> features = new ArrayList<>();
    for (Element f : XmlTree.children(cpu, "feature")) {
      features.add(f.getAttribute("name"));
    }
    HostCpu hostCpu =
        new HostCpu(
            XmlTree.text(cpu, "arch").orElse(""),
            XmlTree.text(cpu, "vendor").orElse(""),
            XmlTree.text(cpu, "model").orElse(""),
            features);
    List<Long> pages = new ArrayList<>();
    for (Element p : XmlTree.children(cpu, "pages")) {
      pages.add(kib(p, xml));
    }
    Map<String, Set<String>> machines = new LinkedHashMap<>();
    for (Element guest : XmlTree.children(root, "guest")) {
      for (Element arch : XmlTree.children(guest, "arch")) {
        Set<String> names =
            machines.computeIfAbsent(arch.getAttribute("name"), a -> new LinkedHashSet<>());
        for (Element m : XmlTree.children(arch, "machine")) {
          names.add(m.getTextContent().strip());
          XmlTree.attribute(m, "canonical").ifPresent(names::add);
        }
      }
    }
    machines.replaceAll((arch, names) -> Set.copyOf(names));
    return new HostCapabilities(uuid, hostCpu, pages, machines);
  }

  private static long kib(Element pages, String xml) {
    try {
      long size = Long.parseLong(pages.getAttribute("size"));
      String unit = pages.getAttribute("unit");
      return switch (unit) {
        case "KiB", "" -> size;
        case "MiB" -> size * 1024;
        case "GiB" -> size * 1024 * 1024;
        default -> throw new ToolOutputException("virsh capabilities", "page unit " + unit, xml);
      };
    } catch (NumberFormatException e) {
      throw new ToolOutputException(
          "virsh capabilities", "page size " + pages.getAttribute("size"), xml);
    }
  }
}
