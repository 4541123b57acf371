package io.vfmigrate.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vfmigrate.model.PciAddress;
import io.vfmigrate.model.VfmigrateException;
import io.vfmigrate.tools.FakeHost;
import io.vfmigrate.tools.sysfs.PciSysfs;
import io.vfmigrate.tools.virsh.Virsh;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A VF a domain let go of is parked on pci-stub again in the way the host's libvirt accepts: {@code
 * --driver pci-stub} from 9.7, sysfs before (v9.0.0 qemuNodeDeviceDetachFlags refuses any driver
 * name but vfio).
 */
class VfReleaseTest {
  private static final PciAddress VF = PciAddress.parse("0000:e1:00.1");
  private static final String DEV = "/sys/bus/pci/devices/0000:e1:00.1";

  private static FakeHost onMlx5Core(String versionFixture) {
    return new FakeHost()
        .on("virsh", "version")
        .stdoutFromFixture(versionFixture)
        .link(DEV + "/driver", "../../../bus/pci/drivers/mlx5_core");
  }

  @Test
  void libvirt10ParksTheVfWithNodedevDetachDriverPciStub() {
    FakeHost host = onMlx5Core("virsh/version-daemon.txt");
    host.on("virsh", "nodedev-detach", "pci_0000_e1_00_1", "--driver", "pci-stub")
        .stdout("Device pci_0000_e1_00_1 detached\n\n");

    boolean detached = VfRelease.ensureDetached(new Virsh(host), new PciSysfs(host), VF);

    assertThat(detached).isTrue();
    assertThat(host.argvs())
        .containsExactly(
            List.of("virsh", "version"),
            List.of("virsh", "nodedev-detach", "pci_0000_e1_00_1", "--driver", "pci-stub"));
    assertThat(host.writes()).isEmpty();
  }

  @Test
  void libvirt90ParksTheVfThroughSysfsAndNeverAsksForPciStubByName() {
    FakeHost host = onMlx5Core("virsh/version-9.0.0.txt");

    boolean detached = VfRelease.ensureDetached(new Virsh(host), new PciSysfs(host), VF);

    assertThat(detached).isTrue();
    assertThat(host.argvs()).containsExactly(List.of("virsh", "version"));
    assertThat(host.writes())
        .containsExactly(
            DEV + "/driver_override=pci-stub\n",
            "/sys/bus/pci/drivers/mlx5_core/unbind=0000:e1:00.1\n");
  }

  @Test
  void aVfOnAVfioOrStubDriverIsLeftAlone() {
    FakeHost host = new FakeHost().link(DEV + "/driver", "../../../bus/pci/drivers/mlx5_vfio_pci");

    assertThat(VfRelease.ensureDetached(new Virsh(host), new PciSysfs(host), VF)).isFalse();
    assertThat(host.argvs()).isEmpty();
  }

  @Test
  void theRefusalOfLibvirtBefore97IsWhatTheSysfsWayAvoids() {
    // What real libvirt 9.0 answers (v9.0.0 src/qemu/qemu_driver.c qemuNodeDeviceDetachFlags).
    FakeHost host = onMlx5Core("virsh/version-9.0.0.txt");
    host.on("virsh", "nodedev-detach", "pci_0000_e1_00_1", "--driver", "pci-stub")
        .answer(
            1,
            "",
            "error: Failed to detach device pci_0000_e1_00_1\n"
                + "error: invalid argument: unknown driver name 'pci-stub'\n");

    assertThatThrownBy(() -> new Virsh(host).nodedevDetach(VF, "pci-stub"))
        .isInstanceOf(VfmigrateException.class)
        .hasMessageContaining("unknown driver name 'pci-stub'");
    assertThat(VfPark.command(VF, true))
        .isEqualTo(
            "echo pci-stub > "
                + DEV
                + "/driver_override; echo 0000:e1:00.1 > "
                + DEV
                + "/driver/unbind; echo 0000:e1:00.1 > /sys/bus/pci/drivers_probe");
    assertThat(VfPark.libvirtBindsNamedDriver("9.6.0")).isFalse();
    assertThat(VfPark.libvirtBindsNamedDriver("9.7.0")).isTrue();
  }
}
