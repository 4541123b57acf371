package io.vfmigrate.lab.tools.uname;

import static io.vfmigrate.lab.tools.LabFixture.fixture;
import static org.assertj.core.api.Assertions.assertThat;

import io.vfmigrate.host.CommandResult;
import io.vfmigrate.lab.tools.LabFixture;
import org.junit.jupiter.api.Test;

public class UnameModinfoEmulatorTest {
  private final LabFixture lab = new LabFixture();

  @Test
  void unamePrintsReleaseAndNodename() {
    assertThat(lab.run("uname", "-r").stdout()).isEqualTo("5.14.0-570.12.1.el9_6.x86_64\n");
    assertThat(lab.run("uname", "-n").stdout()).isEqualTo("src.lab.example\n");
    assertThat(lab.run("uname", "-nr").stdout())
        .isEqualTo("src.lab.example 5.14.0-570.12.1.el9_6.x86_64\n");
    assertThat(lab.run("uname", "-a").stdout())
        .isEqualTo(
            "Linux src.lab.example 5.14.0-570.12.1.el9_6.x86_64 "
                + UnameEmulator.KERNEL_VERSION
                + " x86_64 x86_64 x86_64 GNU/Linux\n");
  }

  @Test
  void unameRejectsUnknownOptions() {
    CommandResult r = lab.run("uname", "-z");
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.stderr())
        .isEqualTo("uname: invalid option -- 'z'\nTry 'uname --help' for more information.\n");
  }

  @Test
  void modinfoOfTheVariantDriverOnRhel9() {
    CommandResult r = lab.run("modinfo", "mlx5_vfio_pci");
    assertThat(r.exitCode()).isZero();
    assertThat(r.stdout().replaceAll("(?m)^(srcversion:\\s+)[0-9A-F]{23}$", "$1SRCVERSION"))
        .isEqualTo(fixture("modinfo/mlx5_vfio_pci-el9.txt"));
  }

  @Test
  void modinfoFieldAndDashedName() {
    assertThat(lab.run("modinfo", "-F", "filename", "mlx5-vfio-pci").stdout())
        .isEqualTo(
            "/lib/modules/5.14.0-570.12.1.el9_6.x86_64/kernel/drivers/vfio/pci/mlx5/"
                + "mlx5-vfio-pci.ko.xz\n");
  }

  @Test
  void variantDriverIsMissingBefore518() {
    lab.srcSpec().kernel = "5.15.0-91-generic";
    CommandResult r = lab.run("modinfo", "mlx5_vfio_pci");
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.stdout()).isEmpty();
    assertThat(r.stderr()).isEqualTo("modinfo: ERROR: Module mlx5_vfio_pci not found.\n");
    lab.srcSpec().kernel = "6.8.0-31-generic";
    assertThat(lab.run("modinfo", "mlx5_vfio_pci").stdout())
        .startsWith(
            "filename:       /lib/modules/6.8.0-31-generic/kernel/drivers/vfio/pci/mlx5/"
                + "mlx5-vfio-pci.ko\n")
        .doesNotContain("rhelversion");
  }

  @Test
  void otherModulesAndUnknownOnes() {
    assertThat(lab.run("modinfo", "mlx5_core").exitCode()).isZero();
    assertThat(lab.run("modinfo", "vfio_pci").exitCode()).isZero();
    assertThat(lab.run("modinfo", "pci_stub").exitCode()).isZero();
    assertThat(lab.run("modinfo", "nosuch").stderr())
        .isEqualTo("modinfo: ERROR: Module nosuch not found.\n");
  }
}
