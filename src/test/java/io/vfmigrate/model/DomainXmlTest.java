package io.vfmigrate.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DomainXmlTest {
  private static final PciAddress VF1 = PciAddress.parse("0000:e1:00.1");
  private static final PciAddress VF5 = PciAddress.parse("0000:e1:00.5");
  private static final MacAddress MAC = MacAddress.parse("52:54:00:56:8c:f7");

  @Test
  void readsRunningQ35DomainWithHostdevInterface() {
    DomainXml xml = DomainXml.parse(fixture("virsh/dumpxml-q35-hostdev-running.xml"));

    assertThat(xml.name()).isEqualTo("vm1");
    assertThat(xml.uuid()).isEqualTo("5a1b6e2c-3f0d-4c8e-9b7a-2d4e6f8a0b1c");
    assertThat(xml.memory()).contains(ByteSize.ofGibibytes(8));
    assertThat(xml.hasViommu()).isFalse();
    assertThat(xml.hasGuestAgentChannel()).isTrue();
    assertThat(xml.macs()).containsExactly(MacAddress.parse("52:54:00:3b:1f:0a"), MAC);
    assertThat(xml.hostdevInterfaces())
        .containsExactly(
            new HostdevInterface(
                HostdevInterface.Kind.INTERFACE,
                Optional.of(MAC),
                true,
                VF1,
                Optional.of("vfio"),
                Optional.empty(),
                Optional.of("hostdev0")));
  }

  @Test
  void readsInactiveLayoutWithoutAliasOrDriver() {
    DomainXml xml = DomainXml.parse(fixture("virsh/dumpxml-q35-hostdev-inactive.xml"));

    HostdevInterface vf = xml.hostdevInterfaces().get(0);
    assertThat(vf.source()).isEqualTo(VF1);
    assertThat(vf.mac()).contains(MAC);
    assertThat(vf.driverName()).isEmpty();
    assertThat(vf.alias()).isEmpty();
  }

  @Test
  void readsPlainHostdevVariantDriverAndViommuIgnoringUsbHostdev() {
    DomainXml xml = DomainXml.parse(fixture("virsh/dumpxml-viommu-hostdev.xml"));

    assertThat(xml.hasViommu()).isTrue();
    assertThat(xml.hasGuestAgentChannel()).isFalse();
    assertThat(xml.memory()).contains(ByteSize.ofGibibytes(16));
    assertThat(xml.hostdevInterfaces()).hasSize(2);
    HostdevInterface iface = xml.hostdevInterfaces().get(0);
    assertThat(iface.kind()).isEqualTo(HostdevInterface.Kind.INTERFACE);
    assertThat(iface.driverModel()).contains("mlx5_vfio_pci");
    HostdevInterface plain = xml.hostdevInterfaces().get(1);
    assertThat(plain.kind()).isEqualTo(HostdevInterface.Kind.HOSTDEV);
    assertThat(plain.mac()).isEmpty();
    assertThat(plain.managed()).isFalse();
    assertThat(plain.source()).isEqualTo(PciAddress.parse("0000:e1:00.3"));
  }

  @Test
  void toXmlReturnsTheParsedTextUnchanged() {
    String text = fixture("virsh/dumpxml-q35-hostdev-running.xml");
    assertThat(DomainXml.parse(text).toXml()).isEqualTo(text);
  }

  @Test
  void rewritesOnlyTheHostSourceAddressOfTheVf() {
    DomainXml xml = DomainXml.parse(fixture("virsh/dumpxml-q35-hostdev-running.xml"));

    DomainXml moved = xml.withHostdevSource(VF1, VF5);

    assertThat(moved.hostdevInterfaces()).hasSize(1);
    HostdevInterface vf = moved.hostdevInterfaces().get(0);
    assertThat(vf.source()).isEqualTo(VF5);
    assertThat(vf.mac()).contains(MAC);
    assertThat(vf.alias()).contains("hostdev0");
    assertThat(moved.name()).isEqualTo("vm1");
    assertThat(moved.macs()).isEqualTo(xml.macs());
    // the guest-side address stays: the guest sees the same PCI slot after the migration
    assertThat(moved.toXml())
        .contains("bus=\"0xe1\"")
        .contains("function=\"0x5\"")
        .contains("bus=\"0x07\"")
        .doesNotContain("function=\"0x1\"");
    assertThat(xml.hostdevInterfaces().get(0).source()).isEqualTo(VF1);
    // the rewritten text parses again to the same thing
    assertThat(DomainXml.parse(moved.toXml()).hostdevInterfaces())
        .isEqualTo(moved.hostdevInterfaces());
  }

  @Test
  void rewritesAPlainHostdevToo() {
    DomainXml xml = DomainXml.parse(fixture("virsh/dumpxml-viommu-hostdev.xml"));

    DomainXml moved =
        xml.withHostdevSource(PciAddress.parse("0000:e1:00.3"), PciAddress.parse("0000:e2:01.0"));

    assertThat(moved.hostdevInterfaces().get(1).source())
        .isEqualTo(PciAddress.parse("0000:e2:01.0"));
    assertThat(moved.hostdevInterfaces().get(0).source())
        .isEqualTo(PciAddress.parse("0000:e1:00.2"));
  }

  @Test
  void refusesToRewriteAnUnknownSourceOrOntoAUsedOne() {
    DomainXml xml = DomainXml.parse(fixture("virsh/dumpxml-viommu-hostdev.xml"));

    assertThatThrownBy(() -> xml.withHostdevSource(VF1, VF5))
        .isInstanceOf(DomainXmlException.class)
        .hasMessageContaining("0000:e1:00.1");
    assertThatThrownBy(
            () ->
                xml.withHostdevSource(
                    PciAddress.parse("0000:e1:00.2"), PciAddress.parse("0000:e1:00.3")))
        .isInstanceOf(DomainXmlException.class)
        .hasMessageContaining("already uses");
  }

  @Test
  void producesTheProceduresInterfaceSnippetExactly() {
    assertThat(DomainXml.hostdevInterfaceXml(MAC, VF1))
        .isEqualTo(
            """
            <interface type='hostdev' managed='yes'>
              <mac address='52:54:00:56:8c:f7'/>
              <source>
                <address type='pci' domain='0x0000' bus='0xe1' slot='0x00' function='0x1'/>
              </source>
            </interface>
            """);
  }

  @Test
  void theSnippetParsesBackAsAHostdevInterface() {
    String snippet = DomainXml.hostdevInterfaceXml(MAC, VF5);
    String domain = "<domain type='kvm'><name>x</name><devices>" + snippet + "</devices></domain>";

    HostdevInterface vf = DomainXml.parse(domain).hostdevInterfaces().get(0);

    assertThat(vf.source()).isEqualTo(VF5);
    assertThat(vf.mac()).contains(MAC);
    assertThat(vf.managed()).isTrue();
  }

  @Test
  void acceptsDecimalAddressesAndMemoryUnitsAsLibvirtDoes() {
    String domain =
        "<domain><name>x</name><memory unit='MB'>512</memory><devices>"
            + "<interface type='hostdev'><mac address='52:54:00:00:00:01'/><source>"
            + "<address type='pci' domain='0' bus='11' slot='16' function='0'/>"
            + "</source></interface></devices></domain>";

    DomainXml xml = DomainXml.parse(domain);

    assertThat(xml.memory()).contains(ByteSize.ofBytes(512_000_000L));
    assertThat(xml.hostdevInterfaces().get(0).source()).isEqualTo(new PciAddress(0, 11, 16, 0));
    assertThat(xml.hostdevInterfaces().get(0).managed()).isFalse();
  }

  @Test
  void memoryWithoutUnitIsKibibytesAndAbsentMemoryIsEmpty() {
    assertThat(DomainXml.parse("<domain><name>x</name><memory>1024</memory></domain>").memory())
        .contains(ByteSize.ofMebibytes(1));
    assertThat(DomainXml.parse("<domain><name>x</name></domain>").memory()).isEmpty();
  }

  @Test
  void refusesDoctypeAndExternalEntities() {
    assertThatThrownBy(() -> DomainXml.parse(fixture("virsh/dumpxml-doctype-entity.xml")))
        .isInstanceOf(DomainXmlException.class)
        .hasMessageContaining("DOCTYPE");
  }

  @Test
  void aReusedParserStillRefusesDoctypeAndStillParsesAfterAFailure() {
    // One parser per thread is reset between documents: its security settings survive the reset,
    // and a document that failed half-way leaves nothing behind for the next one.
    String ok = fixture("virsh/dumpxml-q35-hostdev-running.xml");
    assertThat(DomainXml.parse(ok).name()).isEqualTo("vm1");
    assertThatThrownBy(() -> DomainXml.parse(fixture("virsh/dumpxml-doctype-entity.xml")))
        .hasMessageContaining("DOCTYPE");
    assertThatThrownBy(() -> DomainXml.parse(fixture("virsh/dumpxml-truncated.xml")))
        .isInstanceOf(DomainXmlException.class);
    assertThat(DomainXml.parse(ok).name()).isEqualTo("vm1");
    String doctype = "<!DOCTYPE c [<!ENTITY x SYSTEM 'file:///etc/passwd'>]><c>&x;</c>";
    assertThat(XmlTree.root("<capabilities/>", IllegalStateException::new).getTagName())
        .isEqualTo("capabilities");
    assertThatThrownBy(() -> XmlTree.root(doctype, IllegalArgumentException::new))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("DOCTYPE");
    assertThat(XmlTree.root("<host/>", IllegalStateException::new).getTagName()).isEqualTo("host");
  }

  @Test
  void refusesTruncatedXmlOtherRootsAndNamelessDomains() {
    assertThatThrownBy(() -> DomainXml.parse(fixture("virsh/dumpxml-truncated.xml")))
        .isInstanceOf(DomainXmlException.class);
    assertThatThrownBy(() -> DomainXml.parse("<network><name>default</name></network>"))
        .isInstanceOf(DomainXmlException.class)
        .hasMessageContaining("<network>");
    assertThatThrownBy(() -> DomainXml.parse("<domain type='kvm'/>"))
        .isInstanceOf(DomainXmlException.class)
        .hasMessageContaining("<name>");
    assertThatThrownBy(() -> DomainXml.parse("")).isInstanceOf(DomainXmlException.class);
  }

  @Test
  void reportsABrokenSourceAddressAsTypedError() {
    String domain =
        "<domain><name>x</name><devices><hostdev mode='subsystem' type='pci'><source>"
            + "<address domain='0x0000' bus='0xzz' slot='0x00' function='0x1'/>"
            + "</source></hostdev></devices></domain>";

    assertThatThrownBy(() -> DomainXml.parse(domain))
        .isInstanceOf(DomainXmlException.class)
        .hasMessageContaining("0xzz");
  }

  private static String fixture(String path) {
    try (InputStream in = DomainXmlTest.class.getResourceAsStream("/fixtures/" + path)) {
      if (in == null) {
        throw new IllegalArgumentException("missing fixture " + path);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
