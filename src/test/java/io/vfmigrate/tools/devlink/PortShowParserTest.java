package io.vfmigrate.tools.devlink;

import static io.vfmigrate.tools.FakeHost.Fixtures.read;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vfmigrate.model.PciAddress;
import io.vfmigrate.tools.ToolOutputException;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class PortShowParserTest {
  private static final PciAddress PF0 = PciAddress.parse("0000:e1:00.0");

  @Test
  void readsUplinkAndVfPortsAndSkipsNonPciDevices() {
    List<DevlinkPort> ports = PortShowParser.parse(read("devlink/port-show.json"));

    assertThat(ports)
        .extracting(DevlinkPort::handle)
        .containsExactly(
            "pci/0000:e1:00.0/65535",
            "pci/0000:e1:00.0/1",
            "pci/0000:e1:00.0/2",
            "pci/0000:e1:00.1/131071",
            "pci/0000:e1:00.1/65537");
    DevlinkPort uplink = ports.get(0);
    assertThat(uplink.flavour()).isEqualTo("physical");
    assertThat(uplink.vfnum()).isEmpty();
    assertThat(uplink.function()).isEmpty();
    assertThat(uplink.migratable()).isEmpty();
  }

  @Test
  void vfPortCarriesNumbersAndFunctionAttributesAsStrings() {
    DevlinkPort vf0 = PortShowParser.parse(read("devlink/port-show.json")).get(1);

    assertThat(vf0)
        .isEqualTo(
            new DevlinkPort(
                "pci/0000:e1:00.0/1",
                PF0,
                1,
                "eth",
                Optional.of("enp225s0f0pf0vf0"),
                "pcivf",
                OptionalInt.of(0),
                OptionalInt.of(0),
                false,
                Optional.of(
                    new PortFunction(
                        Optional.of("00:00:00:00:00:00"), Optional.of(true), Optional.of(true)))));
    assertThat(vf0.isVf()).isTrue();
  }

  @Test
  void disableIsFalseAndUnknownFunctionKeysAreIgnored() {
    DevlinkPort vf1 = PortShowParser.parse(read("devlink/port-show.json")).get(2);

    assertThat(vf1.migratable()).contains(false);
    assertThat(vf1.function().orElseThrow().migratableSupported()).isTrue();
    assertThat(vf1.function().orElseThrow().hwAddr()).contains("52:54:00:56:8c:f7");
  }

  @Test
  void theSecondPfsPortsBelongToItsOwnDevice() {
    DevlinkPort vf = PortShowParser.parse(read("devlink/port-show.json")).get(4);

    assertThat(vf.device()).isEqualTo(PciAddress.parse("0000:e1:00.1"));
    assertThat(vf.index()).isEqualTo(65537);
    assertThat(vf.pfnum()).hasValue(1);
    assertThat(vf.vfnum()).hasValue(0);
  }

  @Test
  void migratableAbsentMeansUnsupported() {
    DevlinkPort vf = PortShowParser.parse(read("devlink/port-show-no-migratable.json")).get(1);

    assertThat(vf.function()).isPresent();
    assertThat(vf.function().orElseThrow().migratableSupported()).isFalse();
    assertThat(vf.migratable()).isEmpty();
    assertThat(vf.function().orElseThrow().roce()).contains(true);
  }

  @Test
  void legacyModeHasNoVfPortsAndEmptyAnswersAreEmpty() {
    assertThat(PortShowParser.parse(read("devlink/port-show-legacy.json")))
        .noneMatch(DevlinkPort::isVf);
    assertThat(PortShowParser.parse("{\"port\":{}}")).isEmpty();
    assertThat(PortShowParser.parse("{}")).isEmpty();
  }

  @Test
  void aBrokenHandleIsAFormatError() {
    assertThatThrownBy(() -> PortShowParser.parse("{\"port\":{\"pci/0000:e1:00.0/x\":{}}}"))
        .isInstanceOf(ToolOutputException.class)
        .hasMessageContaining("pci/0000:e1:00.0/x");
  }
}
