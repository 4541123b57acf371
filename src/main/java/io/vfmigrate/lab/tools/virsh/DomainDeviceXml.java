package io.vfmigrate.lab.tools.virsh;

import io.vfmigrate.model.PciAddress;
import java.io.IOException;
import java.io.StringReader;
import java.util.Locale;
import java.util.Optional;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

/** A device definition read from an attach-device / detach-device file. */
public record DomainDeviceXml(
    String element,
    String type,
    boolean managed,
    Optional<String> mac,
    Optional<PciAddress> sourcePci) {

  /** The file is not well-formed XML; the message is libvirt's {@code XML error} detail. */
  public static final class MalformedException extends Exception {
    private static final long serialVersionUID = 1L;

    MalformedException(String message) {
      super(message);
    }
  }

  public static DomainDeviceXml parse(String xml) throws MalformedException {
    Document doc;
    try {
      DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
      factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
      factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      factory.setExpandEntityReferences(false);
      DocumentBuilder builder = factory.newDocumentBuilder();
      builder.setErrorHandler(null);
      doc = builder.parse(new InputSource(new StringReader(xml)));
    } catch (SAXParseException e) {
      // libvirt reports libxml2's message as "(device_definition):LINE: MESSAGE".
      throw new MalformedException(
          "(device_definition):" + Math.max(1, e.getLineNumber()) + ": " + e.getMessage());
    } catch (SAXException | IOException | ParserConfigurationException e) {
      throw new MalformedException("(device_definition):1: " + e.getMessage());
    }
    Element root = doc.getDocumentElement();
    Optional<String> mac =
        child(root, "mac")
            .map(m -> m.getAttribute("address"))
            .filter(s -> !s.isEmpty())
            .map(s -> s.toLowerCase(Locale.ROOT));
    Optional<PciAddress> pci =
        child(root, "source").flatMap(s -> child(s, "address")).flatMap(DomainDeviceXml::pci);
    return new DomainDeviceXml(
        root.getTagName(),
        root.getAttribute("type"),
        "yes".equals(root.getAttribute("managed")),
        mac,
        pci);
  }

  private static Optional<PciAddress> pci(Element address) {
    try {
      return Optional.of(
          new PciAddress(
              hex(address.getAttribute("domain")),
              hex(address.getAttribute("bus")),
              hex(address.getAttribute("slot")),
              hex(address.getAttribute("function"))));
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }

  private static int hex(String value) {
    if (value.isEmpty()) {
      return 0;
    }
    return value.startsWith("0x")
        ? Integer.parseInt(value.substring(2), 16)
        : Integer.parseInt(value);
  }

  private static Optional<Element> child(Element parent, String name) {
    for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element e && e.getTagName().equals(name)) {
        return Optional.of(e);
      }
    }
    return Optional.empty();
  }
}
