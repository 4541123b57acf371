package io.vfmigrate.lab.tools.sysfs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vfmigrate.host.FileAccessException;
import io.vfmigrate.lab.LabHost;
import io.vfmigrate.lab.state.InterfaceSpec;
import io.vfmigrate.lab.state.VfSpec;
import io.vfmigrate.lab.tools.LabFixture;
import java.util.Optional;
import org.junit.jupiter.api.Test;

public class SysfsFilesystemTest {
  private static final String PF = "/sys/bus/pci/devices/0000:e1:00.0";
  private static final String VF0 = "/sys/bus/pci/devices/0000:e1:00.1";
  private final LabFixture lab = new LabFixture();
  private final LabHost host = lab.src();

  private String reason(Runnable action) {
    try {
      action.run();
    } catch (FileAccessException e) {
      return e.reason();
    }
    throw new AssertionError("no FileAccessException");
  }

  @Test
  void pfAttributes() {
    assertThat(host.readFile(PF + "/vendor")).isEqualTo("0x15b3\n");
    assertThat(host.readFile(PF + "/device")).isEqualTo("0x1021\n");
    assertThat(host.readFile(PF + "/sriov_totalvfs")).isEqualTo("16\n");
    assertThat(host.readFile(PF + "/sriov_numvfs")).isEqualTo("0\n");
    assertThat(host.readLink(PF + "/driver")).contains("../../../bus/pci/drivers/mlx5_core");
  }

  @Test
  void creatingVfsAddsThemWithMlx5Core() {
    host.writeFile(PF + "/sriov_numvfs", "4\n");
    assertThat(host.readFile(PF + "/sriov_numvfs")).isEqualTo("4\n");
    assertThat(lab.nic().numVfs).isEqualTo(4);
    assertThat(lab.nic().vfs).hasSize(4);
    VfSpec vf3 = lab.nic().vfs.get(3);
    assertThat(vf3.index).isEqualTo(3);
    assertThat(vf3.pci).isEqualTo("0000:e1:00.4");
    assertThat(vf3.driver).isEqualTo("mlx5_core");
    assertThat(vf3.hwAddr).isEqualTo("00:00:00:00:00:00");
    assertThat(host.readLink(PF + "/virtfn0")).contains("../0000:e1:00.1");
    assertThat(host.readLink(VF0 + "/physfn")).contains("../0000:e1:00.0");
    assertThat(host.readLink(VF0 + "/driver")).contains("../../../bus/pci/drivers/mlx5_core");
    assertThat(host.readFile(VF0 + "/device")).isEqualTo("0x101e\n");
    assertThat(host.readFile(VF0 + "/driver_override")).isEqualTo("(null)\n");
    assertThat(host.exists("/sys/class/net/enp225s0v3")).isTrue();
  }

  @Test
  void numVfsWriteRules() {
    assertThat(reason(() -> host.writeFile(PF + "/sriov_numvfs", "four")))
        .isEqualTo("Invalid argument");
    assertThat(reason(() -> host.writeFile(PF + "/sriov_numvfs", "-1")))
        .isEqualTo("Invalid argument");
    assertThat(reason(() -> host.writeFile(PF + "/sriov_numvfs", "17")))
        .isEqualTo("Numerical result out of range");
    assertThat(reason(() -> host.writeFile(PF + "/sriov_numvfs", "70000")))
        .isEqualTo("Numerical result out of range");
    host.writeFile(PF + "/sriov_numvfs", "0x2");
    assertThat(lab.nic().vfs).hasSize(2);
    host.writeFile(PF + "/sriov_numvfs", "2");
    assertThat(lab.nic().vfs).hasSize(2);
    assertThat(reason(() -> host.writeFile(PF + "/sriov_numvfs", "4")))
        .isEqualTo("Device or resource busy");
    host.writeFile(PF + "/sriov_numvfs", "0\n");
    assertThat(lab.nic().vfs).isEmpty();
    assertThat(lab.nic().numVfs).isZero();
  }

  @Test
  void disablingVfsInUseByARunningVmIsBusy() {
    host.writeFile(PF + "/sriov_numvfs", "1");
    lab.nic().vfs.get(0).driver = "mlx5_vfio_pci";
    InterfaceSpec hostdev = new InterfaceSpec();
    hostdev.type = "hostdev";
    hostdev.pci = "0000:e1:00.1";
    lab.srcSpec().vms.get(0).interfaces.add(hostdev);
    assertThat(reason(() -> host.writeFile(PF + "/sriov_numvfs", "0")))
        .isEqualTo("Device or resource busy");
    assertThat(lab.nic().vfs).hasSize(1);
  }

  @Test
  void rebindToTheVariantDriver() {
    host.writeFile(PF + "/sriov_numvfs", "1");
    host.writeFile("/sys/bus/pci/drivers/mlx5_core/unbind", "0000:e1:00.1");
    assertThat(lab.nic().vfs.get(0).driver).isNull();
    assertThat(host.readLink(VF0 + "/driver")).isEmpty();
    assertThat(host.exists(VF0 + "/driver")).isFalse();
    assertThat(
            reason(() -> host.writeFile("/sys/bus/pci/drivers/mlx5_vfio_pci/bind", "0000:e1:00.1")))
        .isEqualTo("No such device");
    host.writeFile(VF0 + "/driver_override", "mlx5_vfio_pci\n");
    assertThat(host.readFile(VF0 + "/driver_override")).isEqualTo("mlx5_vfio_pci\n");
    host.writeFile("/sys/bus/pci/drivers/mlx5_vfio_pci/bind", "0000:e1:00.1");
    assertThat(lab.nic().vfs.get(0).driver).isEqualTo("mlx5_vfio_pci");
    host.writeFile(VF0 + "/driver_override", "\n");
    assertThat(lab.nic().vfs.get(0).driverOverride).isNull();
  }

  @Test
  void readOnlyAndMissingFiles() {
    assertThat(reason(() -> host.writeFile(PF + "/vendor", "0x1"))).isEqualTo("Permission denied");
    assertThat(reason(() -> host.readFile("/sys/bus/pci/devices/0000:99:00.0/vendor")))
        .isEqualTo("No such file or directory");
    assertThat(reason(() -> host.readFile(PF + "/nosuch"))).isEqualTo("No such file or directory");
    assertThatThrownBy(() -> host.readFile(VF0 + "/vendor"))
        .isInstanceOf(FileAccessException.class);
  }

  @Test
  void iommuGroups() {
    assertThat(host.exists("/sys/kernel/iommu_groups")).isTrue();
    assertThat(host.listDirectory("/sys/kernel/iommu_groups")).contains("0", "64").hasSize(65);
    lab.srcSpec().iommu = false;
    assertThat(host.exists("/sys/kernel/iommu_groups")).isTrue();
    assertThat(host.listDirectory("/sys/kernel/iommu_groups")).isEmpty();
  }

  @Test
  void netdevsExistAsTheKernelNamesThem() {
    assertThat(host.exists("/sys/class/net/enp225s0np0")).isTrue();
    assertThat(host.exists("/sys/class/net/enp225s0v0")).isFalse();
    assertThat(host.readLink("/sys/class/net/nosuch")).isEqualTo(Optional.empty());
    assertThat(host.listDirectory("/sys/bus/pci/devices")).containsExactly("0000:e1:00.0");
  }
}
