package io.vfmigrate.tools.lshw;

import static io.vfmigrate.tools.FakeHost.Fixtures.read;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vfmigrate.model.PciAddress;
import io.vfmigrate.tools.ToolOutputException;
import java.util.List;
import org.junit.jupiter.api.Test;

class LshwBusinfoParserTest {
  @Test
  void readsTheRealDebianRunWithEmptyDeviceAndTrailingSpaces() {
    List<LshwDevice> devices = LshwBusinfoParser.parse(read("lshw/debian-vm.txt"));

    assertThat(devices)
        .containsExactly(
            new LshwDevice("pci@0000:00:03.0", "", "network", ""),
            new LshwDevice("virtio@2", "eth0", "network", "Ethernet interface"));
    assertThat(devices.get(0).pciAddress()).contains(PciAddress.parse("0000:00:03.0"));
    assertThat(devices.get(1).pciAddress()).isEmpty();
  }

  @Test
  void columnsSizedByNodesThatAreNotShown() {
    List<LshwDevice> devices = LshwBusinfoParser.parse(read("lshw/cx7-host.txt"));

    assertThat(devices)
        .contains(
            new LshwDevice(
                "pci@0000:e1:00.0", "enp225s0f0np0", "network", "MT2910 Family [ConnectX-7]"));
    assertThat(devices).hasSize(3);
  }

  @Test
  void aVfBoundToVfioHasNoDevice() {
    List<LshwDevice> devices = LshwBusinfoParser.parse(read("lshw/cx7-host-vf-vfio.txt"));

    LshwDevice vf =
        devices.stream()
            .filter(d -> d.busInfo().equals("pci@0000:e1:00.2"))
            .findFirst()
            .orElseThrow();
    assertThat(vf.device()).isEmpty();
    assertThat(vf.netdev()).isEmpty();
    assertThat(vf.description()).isEqualTo("ConnectX Family mlx5Gen Virtual Function");
    assertThat(devices)
        .contains(
            new LshwDevice(
                "pci@0000:e1:00.3",
                "enp225s0f0v1",
                "network",
                "ConnectX Family mlx5Gen Virtual Function"));
  }

  @Test
  void rowsWithoutTrailingSpacesOrBusInfoStillSplit() {
    String out =
        "Bus info          Device    Class          Description\n"
            + "======================================================\n"
            + "pci@0000:00:03.0            network\n"
            + "                  br0       network        Ethernet interface\n";

    assertThat(LshwBusinfoParser.parse(out))
        .containsExactly(
            new LshwDevice("pci@0000:00:03.0", "", "network", ""),
            new LshwDevice("", "br0", "network", "Ethernet interface"));
  }

  @Test
  void emptyOutputHasNoDevices() {
    assertThat(LshwBusinfoParser.parse("")).isEmpty();
  }

  @Test
  void anUnknownHeaderIsAFormatError() {
    assertThatThrownBy(() -> LshwBusinfoParser.parse("H/W path Device Class Description\n"))
        .isInstanceOf(ToolOutputException.class)
        .hasMessageContaining("lshw");
  }
}
