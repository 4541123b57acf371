package io.vfmigrate.tools.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vfmigrate.tools.FakeHost;
import io.vfmigrate.tools.ToolException;
import io.vfmigrate.tools.ToolNotInstalledException;
import org.junit.jupiter.api.Test;

class KernelToolsTest {
  private final FakeHost host = new FakeHost();

  @Test
  void unameRelease() {
    host.on("uname", "-r").stdoutFromFixture("uname/r.txt");

    assertThat(new Uname(host).release()).isEqualTo("5.14.0-503.11.1.el9_5.x86_64");
  }

  @Test
  void modinfoFindsTheModule() {
    host.on("modinfo", "mlx5_vfio_pci").stdoutFromFixture("modinfo/mlx5_vfio_pci.txt");

    assertThat(new Modinfo(host).find("mlx5_vfio_pci"))
        .get()
        .extracting(ModuleInfo::aliases)
        .asList()
        .containsExactly("vfio_pci:v000015B3d0000101Esv*sd*bc*sc*i*");
  }

  @Test
  void modinfoNotFoundIsEmpty() {
    host.on("modinfo", "mlx5_vfio_pci")
        .answer(1, "", FakeHost.Fixtures.read("modinfo/not-found.txt"));

    assertThat(new Modinfo(host).find("mlx5_vfio_pci")).isEmpty();
  }

  @Test
  void modinfoOtherErrorsThrow() {
    host.on("modinfo", "mlx5_vfio_pci")
        .answer(
            1,
            "",
            "modinfo: ERROR: could not get modinfo from 'mlx5_vfio_pci': Exec format error\n");

    assertThatThrownBy(() -> new Modinfo(host).find("mlx5_vfio_pci"))
        .isInstanceOf(ToolException.class)
        .hasMessageContaining("Exec format error");
  }

  @Test
  void missingKmodNamesItsPackage() {
    host.on("modinfo", "mlx5_vfio_pci").notInstalled();

    assertThatThrownBy(() -> new Modinfo(host).find("mlx5_vfio_pci"))
        .isInstanceOfSatisfying(
            ToolNotInstalledException.class, e -> assertThat(e.packageName()).isEqualTo("kmod"));
  }
}
