package io.vfmigrate.model;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.Transformer;
import javax.xml.transform.TransformerException;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.ErrorHandler;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

/**
 * A libvirt domain XML document ({@code virsh dumpxml}), reduced to what vfmigrate needs, with the
 * one rewrite a migration needs: pointing a passed-through VF at the destination's VF.
 *
 * <p>Element names and the attribute layout follow libvirt's formatdomain documentation and its
 * formatter ({@code src/conf/domain_conf.c}, {@code virPCIDeviceAddressFormat} in {@code
 * device_conf.c}: the source address of an {@code <interface type='hostdev'>} carries {@code
 * type='pci'}, that of a {@code <hostdev>} does not). Parsing never resolves a DTD or an external
 * entity: a document with a DOCTYPE is refused. No I/O.
 */
public final class DomainXml {
  private final String xml;
  private final String name;
  private final String uuid;
  private final Optional<ByteSize> memory;
  private final java.util.OptionalInt vcpus;
  private final boolean viommu;
  private final boolean guestAgentChannel;
  private final List<HostdevInterface> hostdevs;
  private final List<MacAddress> macs;

  private DomainXml(String xml, Document document) {
    this.xml = xml;
    Element root = document.getDocumentElement();
    if (!"domain".equals(localName(root))) {
      throw new DomainXmlException(
          "Not a libvirt domain XML: the root element is <" + localName(root) + ">.",
          "pass the output of 'virsh dumpxml VM'.");
    }
    this.name =
        child(root, "name")
            .map(e -> e.getTextContent().strip())
            .filter(s -> !s.isEmpty())
            .orElseThrow(
                () ->
                    new DomainXmlException(
                        "The domain XML has no <name>.", "pass the output of 'virsh dumpxml VM'."));
    this.uuid = child(root, "uuid").map(e -> e.getTextContent().strip()).orElse("");
    this.memory = child(root, "memory").map(DomainXml::memoryOf);
    String vcpuText = child(root, "vcpu").map(e -> e.getTextContent().strip()).orElse("");
    this.vcpus =
        vcpuText.matches("[0-9]{1,6}")
            ? java.util.OptionalInt.of(Integer.parseInt(vcpuText))
            : java.util.OptionalInt.empty();
    Optional<Element> devices = child(root, "devices");
    this.viommu = devices.flatMap(d -> child(d, "iommu")).isPresent();
    this.guestAgentChannel = devices.map(DomainXml::hasAgentChannel).orElse(false);
    List<HostdevInterface> found = new ArrayList<>();
    List<MacAddress> allMacs = new ArrayList<>();
    if (devices.isPresent()) {
      for (Element device : children(devices.get())) {
        String kind = localName(device);
        if (kind.equals("interface")) {
          Optional<MacAddress> mac =
              child(device, "mac").map(m -> m.getAttribute("address")).map(DomainXml::macOf);
          mac.ifPresent(allMacs::add);
          if ("hostdev".equals(device.getAttribute("type"))) {
            pciSource(device)
                .ifPresent(
                    src -> found.add(hostdev(HostdevInterface.Kind.INTERFACE, device, mac, src)));
          }
        } else if (kind.equals("hostdev")
            && "subsystem".equals(device.getAttribute("mode"))
            && "pci".equals(device.getAttribute("type"))) {
          pciSource(device)
              .ifPresent(
                  src ->
                      found.add(
                          hostdev(HostdevInterface.Kind.HOSTDEV, device, Optional.empty(), src)));
        }
      }
    }
    this.hostdevs = List.copyOf(found);
    this.macs = List.copyOf(allMacs);
  }

  /** Parses a domain XML; a DOCTYPE, external entities and malformed XML are refused. */
  public static DomainXml parse(String xml) {
    if (xml == null || xml.isBlank()) {
      throw new DomainXmlException(
          "The domain XML is empty.", "check that 'virsh dumpxml VM' prints the domain.");
    }
    return new DomainXml(xml, document(xml));
  }

  /**
   * The interface XML the procedure writes to attach a VF (step 7), exactly in its layout, with a
   * final newline as a file has one.
   */
  public static String hostdevInterfaceXml(MacAddress mac, PciAddress vf) {
    return "<interface type='hostdev' managed='yes'>\n"
        + "  <mac address='"
        + mac
        + "'/>\n"
        + "  <source>\n"
        + "    "
        + addressElement(vf, true)
        + "\n"
        + "  </source>\n"
        + "</interface>\n";
  }

  public String name() {
    return name;
  }

  /** The domain's UUID; empty only for hand-written XML (libvirt always writes one). */
  public String uuid() {
    return uuid;
  }

  /** {@code <memory>}, converted from its {@code unit} (KiB when none is given, as libvirt). */
  public Optional<ByteSize> memory() {
    return memory;
  }

  /** {@code <vcpu>}: the number of virtual CPUs (libvirt's maximum); empty when absent. */
  public java.util.OptionalInt vcpus() {
    return vcpus;
  }

  /** True when the domain has a virtual IOMMU ({@code <devices><iommu model=.../>}). */
  public boolean hasViommu() {
    return viommu;
  }

  /** True when the domain has the {@code org.qemu.guest_agent.0} virtio channel. */
  public boolean hasGuestAgentChannel() {
    return guestAgentChannel;
  }

  /** Every passed-through PCI function: hostdev interfaces and plain PCI hostdevs, in order. */
  public List<HostdevInterface> hostdevInterfaces() {
    return hostdevs;
  }

  /** The hostdev whose host source address is {@code source}. */
  public Optional<HostdevInterface> hostdevWithSource(PciAddress source) {
    return hostdevs.stream().filter(h -> h.source().equals(source)).findFirst();
  }

  /** The MAC of every {@code <interface>} of any type, in document order. */
  public List<MacAddress> macs() {
    return macs;
  }

  /**
   * The same domain with the hostdev whose host source is {@code from} moved to {@code to}: only
   * the source address changes, so the MAC, the guest-side PCI address and the alias stay, which
   * keeps the guest ABI stable across the migration.
   */
  public DomainXml withHostdevSource(PciAddress from, PciAddress to) {
    if (hostdevWithSource(from).isEmpty()) {
      throw new DomainXmlException(
          "Domain " + name + " has no passed-through device with host address " + from + ".",
          "check the VF with 'virsh dumpxml " + name + "'.");
    }
    if (!from.equals(to) && hostdevWithSource(to).isPresent()) {
      throw new DomainXmlException(
          "Domain " + name + " already uses host device " + to + ".",
          "choose another free VF on the destination.");
    }
    Document document = document(xml);
    Element devices =
        child(document.getDocumentElement(), "devices").orElseThrow(IllegalStateException::new);
    for (Element device : children(devices)) {
      Optional<Element> address = child(device, "source").flatMap(s -> child(s, "address"));
      if (address.isPresent()
          && isPassthrough(device)
          && Set.of("", "pci").contains(address.get().getAttribute("type"))
          && from.equals(addressOf(address.get(), name))) {
        Element a = address.get();
        a.setAttribute("domain", String.format(Locale.ROOT, "0x%04x", to.domain()));
        a.setAttribute("bus", String.format(Locale.ROOT, "0x%02x", to.bus()));
        a.setAttribute("slot", String.format(Locale.ROOT, "0x%02x", to.slot()));
        a.setAttribute("function", String.format(Locale.ROOT, "0x%x", to.function()));
      }
    }
    String rewritten = serialize(document);
    return new DomainXml(rewritten, document(rewritten));
  }

  /** The document as text: exactly the parsed text, or the rewritten document. */
  public String toXml() {
    return xml;
  }

  @Override
  public String toString() {
    return "DomainXml[" + name + "]";
  }

  private static boolean isPassthrough(Element device) {
    String kind = localName(device);
    return kind.equals("interface") && "hostdev".equals(device.getAttribute("type"))
        || kind.equals("hostdev")
            && "subsystem".equals(device.getAttribute("mode"))
            && "pci".equals(device.getAttribute("type"));
  }

  private HostdevInterface hostdev(
      HostdevInterface.Kind kind, Element device, Optional<MacAddress> mac, PciAddress source) {
    Optional<Element> driver = child(device, "driver");
    return new HostdevInterface(
        kind,
        mac,
        "yes".equals(device.getAttribute("managed")),
        source,
        driver.map(d -> d.getAttribute("name")).filter(s -> !s.isEmpty()),
        driver.map(d -> d.getAttribute("model")).filter(s -> !s.isEmpty()),
        child(device, "alias").map(a -> a.getAttribute("name")).filter(s -> !s.isEmpty()));
  }

  private Optional<PciAddress> pciSource(Element device) {
    Optional<Element> address = child(device, "source").flatMap(s -> child(s, "address"));
    if (address.isEmpty()) {
      return Optional.empty();
    }
    String type = address.get().getAttribute("type");
    if (!type.isEmpty() && !type.equals("pci")) {
      return Optional.empty();
    }
    return Optional.of(addressOf(address.get(), name));
  }

  private static PciAddress addressOf(Element address, String domainName) {
    try {
      return new PciAddress(
          number(address.getAttribute("domain"), true),
          number(address.getAttribute("bus"), false),
          number(address.getAttribute("slot"), false),
          number(address.getAttribute("function"), false));
    } catch (NumberFormatException | InvalidInputException e) {
      throw new DomainXmlException(
          "Domain "
              + domainName
              + " has an invalid PCI source address (domain='"
              + address.getAttribute("domain")
              + "' bus='"
              + address.getAttribute("bus")
              + "' slot='"
              + address.getAttribute("slot")
              + "' function='"
              + address.getAttribute("function")
              + "').",
          "fix the <source><address .../> of the device with 'virsh edit " + domainName + "'.",
          e);
    }
  }

  /** A number as libvirt reads it (strtol base 0): 0x hex, leading-0 octal, else decimal. */
  private static int number(String text, boolean optional) {
    if (text.isEmpty() && optional) {
      return 0;
    }
    String t = text.strip().toLowerCase(Locale.ROOT);
    if (t.startsWith("0x")) {
      return Integer.parseInt(t.substring(2), 16);
    }
    if (t.length() > 1 && t.startsWith("0")) {
      return Integer.parseInt(t.substring(1), 8);
    }
    return Integer.parseInt(t);
  }

  private static String addressElement(PciAddress a, boolean withType) {
    return String.format(
        Locale.ROOT,
        "<address %sdomain='0x%04x' bus='0x%02x' slot='0x%02x' function='0x%x'/>",
        withType ? "type='pci' " : "",
        a.domain(),
        a.bus(),
        a.slot(),
        a.function());
  }

  private static MacAddress macOf(String text) {
    try {
      return MacAddress.parse(text);
    } catch (InvalidInputException e) {
      throw new DomainXmlException(
          "The domain XML has an invalid MAC address '" + text + "'.",
          "fix the interface's <mac address=.../>.",
          e);
    }
  }

  private static boolean hasAgentChannel(Element devices) {
    for (Element device : children(devices)) {
      if (localName(device).equals("channel")
          && child(device, "target")
              .map(t -> t.getAttribute("name"))
              .filter("org.qemu.guest_agent.0"::equals)
              .isPresent()) {
        return true;
      }
    }
    return false;
  }

  /** libvirt's {@code virScaleInteger} units; the default for {@code <memory>} is KiB. */
  private static ByteSize memoryOf(Element memory) {
    String unit = memory.getAttribute("unit").strip().toLowerCase(Locale.ROOT);
    String value = memory.getTextContent().strip();
    try {
      BigInteger amount = new BigInteger(value);
      return ByteSize.ofBytes(amount.multiply(scale(unit)).longValueExact());
    } catch (NumberFormatException | ArithmeticException e) {
      throw new DomainXmlException(
          "The domain XML has an invalid <memory unit='" + unit + "'>" + value + "</memory>.",
          "fix the domain's <memory> element.",
          e);
    }
  }

  private static BigInteger scale(String unit) {
    if (unit.isEmpty()) {
      return BigInteger.valueOf(1024);
    }
    if (unit.equals("b") || unit.equals("byte") || unit.equals("bytes")) {
      return BigInteger.ONE;
    }
    int power = "kmgtpe".indexOf(unit.charAt(0)) + 1;
    String rest = unit.substring(1);
    if (power == 0 || !(rest.isEmpty() || rest.equals("ib") || rest.equals("b"))) {
      throw new NumberFormatException("unknown unit " + unit);
    }
    return BigInteger.valueOf(rest.equals("b") ? 1000 : 1024).pow(power);
  }

  private static Optional<Element> child(Element parent, String name) {
    for (Element e : children(parent)) {
      if (localName(e).equals(name) && e.getNamespaceURI() == null) {
        return Optional.of(e);
      }
    }
    return Optional.empty();
  }

  private static List<Element> children(Element parent) {
    List<Element> out = new ArrayList<>();
    for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element e) {
        out.add(e);
      }
    }
    return out;
  }

  private static String localName(Element e) {
    return e.getLocalName() == null ? e.getTagName() : e.getLocalName();
  }

  private static Document document(String xml) {
    try {
      DocumentBuilder builder = BUILDER.get();
      builder.reset();
      builder.setErrorHandler(THROWING);
      return builder.parse(new InputSource(new StringReader(xml)));
    } catch (SAXException | IOException e) {
      throw new DomainXmlException(
          "The domain XML cannot be parsed: " + e.getMessage(),
          "pass the unmodified output of 'virsh dumpxml VM' (no DOCTYPE).",
          e);
    }
  }

  /** One namespace-aware parser per thread, reset before each document (see XmlTree's). */
  private static final ThreadLocal<DocumentBuilder> BUILDER =
      XmlTree.perThread(DomainXml::secureFactory);

  private static DocumentBuilderFactory secureFactory() throws ParserConfigurationException {
    DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
    factory.setNamespaceAware(true);
    factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
    factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    factory.setFeature("http://xml.org/sax/features/external-general-entities", false);
    factory.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
    factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
    factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
    factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
    factory.setXIncludeAware(false);
    factory.setExpandEntityReferences(false);
    return factory;
  }

  private static String serialize(Document document) {
    try {
      TransformerFactory factory = TransformerFactory.newInstance();
      factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
      factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_STYLESHEET, "");
      Transformer transformer = factory.newTransformer();
      transformer.setOutputProperty(OutputKeys.OMIT_XML_DECLARATION, "yes");
      transformer.setOutputProperty(OutputKeys.ENCODING, "UTF-8");
      StringWriter out = new StringWriter();
      transformer.transform(new DOMSource(document), new StreamResult(out));
      return out.toString();
    } catch (TransformerException e) {
      throw new IllegalStateException("cannot serialize a parsed domain XML", e);
    }
  }

  /** The default handler prints to stderr; errors become exceptions instead, warnings are moot. */
  private static final ErrorHandler THROWING =
      new ErrorHandler() {
        @Override
        public void warning(SAXParseException e) {}

        @Override
        public void error(SAXParseException e) throws SAXException {
          throw e;
        }

        @Override
        public void fatalError(SAXParseException e) throws SAXException {
          throw e;
        }
      };
}
