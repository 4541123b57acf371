package io.vfmigrate.tools.kernel;

import static io.vfmigrate.tools.FakeHost.Fixtures.read;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vfmigrate.tools.ToolOutputException;
import org.junit.jupiter.api.Test;

class ModinfoParserTest {
  @Test
  void readsTheVariantDriverBlock() {
    ModuleInfo info = ModinfoParser.parse(read("modinfo/mlx5_vfio_pci.txt"));

    assertThat(info.filename())
        .isEqualTo(
            "/lib/modules/5.14.0-503.11.1.el9_5.x86_64/kernel/drivers/vfio/pci/mlx5/"
                + "mlx5-vfio-pci.ko.xz");
    assertThat(info.name()).contains("mlx5_vfio_pci");
    assertThat(info.description())
        .contains("MLX5 VFIO PCI - User Level meta-driver for MLX5 device family");
    assertThat(info.aliases()).containsExactly("vfio_pci:v000015B3d0000101Esv*sd*bc*sc*i*");
    assertThat(info.depends()).containsExactly("mlx5_core", "vfio-pci-core", "vfio", "iommufd");
    assertThat(info.vermagic())
        .contains("5.14.0-503.11.1.el9_5.x86_64 SMP preempt mod_unload modversions");
    assertThat(info.builtin()).isFalse();
  }

  @Test
  void keepsEveryAliasAndIgnoresParmAndUnknownKeys() {
    ModuleInfo info = ModinfoParser.parse(read("modinfo/mlx5_core-params.txt"));

    assertThat(info.aliases())
        .containsExactly(
            "auxiliary:mlx5_core.eth",
            "pci:v000015B3d0000A2DCsv*sd*bc*sc*i*",
            "pci:v000015B3d00001021sv*sd*bc*sc*i*",
            "pci:v000015B3d0000101Esv*sd*bc*sc*i*");
    assertThat(info.depends()).containsExactly("mlxfw", "pci-hyperv-intf", "psample", "tls");
  }

  @Test
  void aBuiltinModuleHasNoFileAndNoDepends() {
    ModuleInfo info = ModinfoParser.parse(read("modinfo/builtin.txt"));

    assertThat(info.builtin()).isTrue();
    assertThat(info.depends()).isEmpty();
    assertThat(info.vermagic()).isEmpty();
  }

  @Test
  void outputWithoutFilenameIsAFormatError() {
    assertThatThrownBy(() -> ModinfoParser.parse(read("modinfo/not-found.txt")))
        .isInstanceOf(ToolOutputException.class)
        .hasMessageContaining("modinfo");
  }
}
