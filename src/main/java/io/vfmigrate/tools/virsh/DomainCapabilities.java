package io.vfmigrate.tools.virsh;

import io.vfmigrate.model.XmlTree;
import io.vfmigrate.tools.ToolOutputException;
import org.w3c.dom.Element;

/**
 * What {@code virsh domcapabilities} says about one emulator, virtualization type, architecture and
 * machine type (libvirt's domain capabilities XML, {@code src/conf/domain_capabilities.c
 * virDomainCapsFormat}): the answer libvirt itself gives when it starts a domain of that kind, an
 * incoming migration included ({@code virQEMUCapsIsMachineSupported} per virtualization type).
 *
 * @param emulator the emulator binary ({@code <path>})
 * @param virtType the virtualization type ({@code <domain>}: {@code kvm}, {@code qemu})
 * @param machine the machine type, canonical ({@code pc} is answered as {@code pc-i440fx-7.2})
 * @param arch the guest architecture
 */
public record DomainCapabilities(String emulator, String virtType, String machine, String arch) {
  private static final String TOOL = "virsh domcapabilities";

  /** Parses the XML {@code virsh domcapabilities} prints. */
  public static DomainCapabilities parse(String xml) {
    Element root = XmlTree.root(xml, problem -> new ToolOutputException(TOOL, problem, xml));
    if (!"domainCapabilities".equals(root.getTagName())) {
      throw new ToolOutputException(TOOL, "the root element is <" + root.getTagName() + ">", xml);
    }
    return new DomainCapabilities(
        XmlTree.text(root, "path").orElse(""),
        XmlTree.text(root, "domain").orElse(""),
        XmlTree.text(root, "machine").orElse(""),
        XmlTree.text(root, "arch").orElse(""));
  }
}
