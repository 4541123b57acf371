package io.vfmigrate.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ValuesTest {
  @Test
  void firmwareVersionsCompareNumerically() {
    FirmwareVersion a = FirmwareVersion.parse("28.39.1002");
    assertThat(a.isBefore(FirmwareVersion.RECOMMENDED)).isTrue();
    assertThat(a.isBefore(FirmwareVersion.MINIMUM)).isFalse();
    assertThat(FirmwareVersion.parse("28.35.1012").isBefore(FirmwareVersion.MINIMUM)).isTrue();
    assertThat(FirmwareVersion.parse("28.39.456")).hasToString("28.39.0456");
  }

  @Test
  void sizesParseBinaryAndDecimalUnits() {
    assertThat(ByteSize.parse("8GiB").bytes()).isEqualTo(8L << 30);
    assertThat(ByteSize.parse("300MB").bytes()).isEqualTo(300_000_000L);
    assertThat(ByteSize.parse("32.196 GiB").bytes()).isEqualTo((long) (32.196 * (1L << 30)));
    assertThat(ByteSize.parse("4096").bytes()).isEqualTo(4096);
    assertThat(ByteSize.ofGibibytes(8).pretty()).isEqualTo("8.000 GiB");
  }

  @Test
  void bandwidthsParseLinkSpeedsAndByteRates() {
    assertThat(Bandwidth.parse("100Gbit/s").bytesPerSecond()).isEqualTo(12_500_000_000L);
    assertThat(Bandwidth.parse("200MiB/s").bytesPerSecond()).isEqualTo(200L << 20);
    assertThatThrownBy(() -> Bandwidth.parse("fast")).isInstanceOf(InvalidInputException.class);
    // A 500 Mbit/s link was once shown as "0 Gbit/s".
    assertThat(Bandwidth.parse("500Mbit/s").linkSpeed()).isEqualTo("500 Mbit/s");
    assertThat(Bandwidth.parse("100Gbit/s").linkSpeed()).isEqualTo("100 Gbit/s");
    assertThat(Bandwidth.parse("2.5Gbit/s").linkSpeed()).isEqualTo("2.5 Gbit/s");
  }

  @Test
  void macAddressesAreNormalisedAndMustBeUnicast() {
    assertThat(MacAddress.parse("52:54:00:AB:cd:EF").value()).isEqualTo("52:54:00:ab:cd:ef");
    assertThatThrownBy(() -> MacAddress.parse("01:00:5e:00:00:01"))
        .hasMessageContaining("multicast");
  }

  @ParameterizedTest
  @ValueSource(strings = {"vm1;reboot", "-vm", "vm 1", "vm'1", "vm$(id)", "vm\n1", ""})
  void vmNamesWithShellMetacharactersAreRefused(String bad) {
    assertThatThrownBy(() -> Names.vmName(bad))
        .isInstanceOf(InvalidInputException.class)
        .satisfies(e -> assertThat(((InvalidInputException) e).fix()).contains("letters"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"br-vf", "br0", "ovsbr.100"})
  void ordinaryBridgeNamesPass(String good) {
    assertThat(Names.bridgeName(good)).isEqualTo(good);
  }

  @Test
  void bridgeNamesAreInterfaceNamesOfAtMost15Characters() {
    assertThatThrownBy(() -> Names.bridgeName("a-very-long-bridge"))
        .isInstanceOf(InvalidInputException.class);
  }

  @Test
  void findingsThatAreNotPassesNeedAFix() {
    assertThatThrownBy(() -> Finding.fail("x", "src", "bad", ""))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
