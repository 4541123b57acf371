package io.vfmigrate.tools.sysfs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vfmigrate.model.PciAddress;
import io.vfmigrate.tools.FakeHost;
import org.junit.jupiter.api.Test;

class PciSysfsTest {
  private static final PciAddress PF = PciAddress.parse("0000:e1:00.0");
  private static final String DIR = "/sys/bus/pci/devices/0000:e1:00.0/";
  private final FakeHost host = new FakeHost("hostA");
  private final PciSysfs sysfs = new PciSysfs(host);

  @Test
  void idsFromVendorAndDeviceFiles() {
    host.file(DIR + "vendor", "0x15b3\n").file(DIR + "device", "0x1021\n");

    assertThat(sysfs.ids(PF)).contains(new PciId("0x15b3", "0x1021"));
    assertThat(sysfs.ids(PF).orElseThrow()).hasToString("15b3:1021");
    assertThat(sysfs.ids(PciAddress.parse("0000:99:00.0"))).isEmpty();
  }

  @Test
  void vfCounts() {
    host.file(DIR + "sriov_totalvfs", "16\n").file(DIR + "sriov_numvfs", "2\n");

    assertThat(sysfs.totalVfs(PF)).hasValue(16);
    assertThat(sysfs.numVfs(PF)).isEqualTo(2);
    assertThat(sysfs.totalVfs(PciAddress.parse("0000:00:03.0"))).isEmpty();
  }

  @Test
  void numVfsOfADeviceWithoutSriovSaysHowToCheck() {
    assertThatThrownBy(() -> sysfs.numVfs(PF))
        .isInstanceOfSatisfying(
            SysfsException.class,
            e -> {
              assertThat(e.reason()).isEqualTo("No such file or directory");
              assertThat(e.fix()).contains("lshw -c network -businfo");
            });
  }

  @Test
  void setNumVfsWritesTheCountLikeEcho() {
    host.file(DIR + "sriov_numvfs", "0\n");

    sysfs.setNumVfs(PF, 4);

    assertThat(host.writes()).containsExactly(DIR + "sriov_numvfs=4\n");
  }

  @Test
  void busyWhenVfsExist() {
    host.failWrite(DIR + "sriov_numvfs", "Device or resource busy");

    assertThatThrownBy(() -> sysfs.setNumVfs(PF, 4))
        .isInstanceOfSatisfying(
            SriovBusyException.class,
            e -> {
              assertThat(e.getMessage()).contains("Device or resource busy");
              assertThat(e.fix()).startsWith("write 0 first: echo 0 > " + DIR + "sriov_numvfs");
            });
  }

  @Test
  void rangeAboveTotal() {
    host.file(DIR + "sriov_totalvfs", "16\n")
        .failWrite(DIR + "sriov_numvfs", "Numerical result out of range");

    assertThatThrownBy(() -> sysfs.setNumVfs(PF, 17))
        .isInstanceOfSatisfying(
            SriovRangeException.class,
            e -> {
              assertThat(e.getMessage()).contains("sriov_totalvfs is 16");
              assertThat(e.fix()).contains("at most sriov_totalvfs (16)");
            });
  }

  @Test
  void virtualFunctionsFollowTheVirtfnLinks() {
    host.file(DIR + "sriov_numvfs", "2\n")
        .link(DIR + "virtfn0", "../0000:e1:00.2")
        .link(DIR + "virtfn1", "../0000:e1:00.3");

    assertThat(sysfs.virtualFunctions(PF))
        .containsExactly(PciAddress.parse("0000:e1:00.2"), PciAddress.parse("0000:e1:00.3"));
  }

  @Test
  void aMissingVirtfnLinkIsAnError() {
    host.file(DIR + "sriov_numvfs", "1\n");

    assertThatThrownBy(() -> sysfs.virtualFunctions(PF))
        .isInstanceOf(SysfsException.class)
        .hasMessageContaining("virtfn0");
  }

  @Test
  void driverIsTheLinksBasename() {
    host.link(
        "/sys/bus/pci/devices/0000:e1:00.2/driver", "../../../../bus/pci/drivers/mlx5_vfio_pci");

    assertThat(sysfs.driver(PciAddress.parse("0000:e1:00.2"))).contains("mlx5_vfio_pci");
    assertThat(sysfs.driver(PciAddress.parse("0000:e1:00.3"))).isEmpty();
  }

  @Test
  void iommuEnabledWhenGroupsExist() {
    assertThat(sysfs.iommuEnabled()).isFalse();

    host.directory("/sys/kernel/iommu_groups");
    assertThat(sysfs.iommuEnabled()).isFalse();

    host.directory("/sys/kernel/iommu_groups/0");
    assertThat(sysfs.iommuEnabled()).isTrue();
  }
}
