package io.vfmigrate.model;

import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.helpers.DefaultHandler;

/**
 * Reads a libvirt XML document (capabilities, domain) into elements, never resolving a DTD or an
 * external entity: a document with a DOCTYPE is refused. No I/O.
 */
public final class XmlTree {
  private XmlTree() {}

  /** The root element of {@code xml}; a document that does not parse throws {@code invalid}. */
  public static Element root(String xml, Function<String, RuntimeException> invalid) {
    try {
      DocumentBuilder builder = BUILDER.get();
      builder.reset();
      builder.setErrorHandler(new DefaultHandler());
      return builder.parse(new InputSource(new StringReader(xml))).getDocumentElement();
    } catch (SAXException | IOException e) {
      throw invalid.apply(e.getMessage());
    }
  }

  /**
   * One parser per thread, reset before each document: making one (a factory looked up, then a
   * parser configured) cost more than parsing a libvirt document, a dozen times in every migrate.
   */
  private static final ThreadLocal<DocumentBuilder> BUILDER = perThread(XmlTree::factory);

  /** How a parser's factory is made and configured. */
  @FunctionalInterface
  interface ParserFactory {
    DocumentBuilderFactory make() throws ParserConfigurationException;
  }

  /** One parser from {@code factory} per thread; reset it before each document. */
  static ThreadLocal<DocumentBuilder> perThread(ParserFactory factory) {
    return ThreadLocal.withInitial(
        () -> {
          try {
            return factory.make().newDocumentBuilder();
          } catch (ParserConfigurationException e) {
            throw new IllegalStateException("the JDK XML parser lacks a required feature", e);
          }
        });
  }

  /** The first child element named {@code name}. */
  public static Optional<Element> child(Element parent, String name) {
    return children(parent, name).stream().findFirst();
  }

  /** The child elements named {@code name}, in document order. */
  public static List<Element> children(Element parent, String name) {
    List<Element> out = new ArrayList<>();
    for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element e && name.equals(e.getTagName())) {
        out.add(e);
      }
    }
    return out;
  }

  /** The stripped text of the child named {@code name}, if there is one. */
  public static Optional<String> text(Element parent, String name) {
    return child(parent, name).map(e -> e.getTextContent().strip());
  }

  /** An attribute's value; empty when the attribute is absent. */
  public static Optional<String> attribute(Element e, String name) {
    return e.hasAttribute(name) ? Optional.of(e.getAttribute(name)) : Optional.empty();
  }

  private static DocumentBuilderFactory factory() throws ParserConfigurationException {
    DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
    factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
    factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    factory.setFeature("http://xml.org/sax/features/external-general-entities", false);
    factory.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
    factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
    factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
    factory.setXIncludeAware(false);
    factory.setExpandEntityReferences(false);
    return factory;
  }
}
