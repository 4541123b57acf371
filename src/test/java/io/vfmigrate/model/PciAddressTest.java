package io.vfmigrate.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PciAddressTest {
  @Test
  void parsesTheFullForm() {
    PciAddress a = PciAddress.parse("0000:E1:00.1");
    assertThat(a.bus()).isEqualTo(0xe1);
    assertThat(a.function()).isEqualTo(1);
    assertThat(a).hasToString("0000:e1:00.1");
    assertThat(a.nodedevName()).isEqualTo("pci_0000_e1_00_1");
    assertThat(a.devlinkHandle()).isEqualTo("pci/0000:e1:00.1");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"e1:00.1", "0000:e1:00.8", "0000:e1:00", "-0000:e1:00.1", "0000:e1:00.1;rm", ""})
  void rejectsAnythingElseWithTheAcceptedForm(String bad) {
    assertThatThrownBy(() -> PciAddress.parse(bad))
        .isInstanceOf(InvalidInputException.class)
        .satisfies(e -> assertThat(((InvalidInputException) e).fix()).contains("0000:e1:00.1"));
  }

  @Test
  void vfAddressesFollowTheRoutingIdAcrossSlots() {
    PciAddress pf = PciAddress.parse("0000:e1:00.0");
    assertThat(pf.plusRoutingId(1)).hasToString("0000:e1:00.1");
    assertThat(pf.plusRoutingId(8)).hasToString("0000:e1:01.0");
  }

  @Test
  void nodedevNameRoundTrips() {
    assertThat(PciAddress.fromNodedevName("pci_0000_e1_00_1"))
        .isEqualTo(PciAddress.parse("0000:e1:00.1"));
  }

  @Property
  void formatThenParseIsIdentity(
      @ForAll @IntRange(max = 0xffff) int domain,
      @ForAll @IntRange(max = 0xff) int bus,
      @ForAll @IntRange(max = 0x1f) int slot,
      @ForAll @IntRange(max = 7) int function) {
    PciAddress a = new PciAddress(domain, bus, slot, function);
    assertThat(PciAddress.parse(a.toString())).isEqualTo(a);
    assertThat(PciAddress.fromNodedevName(a.nodedevName())).isEqualTo(a);
  }
}
