package io.vfmigrate.tools.devlink;

import static io.vfmigrate.tools.FakeHost.Fixtures.read;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vfmigrate.tools.ToolOutputException;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class EswitchParserTest {
  @Test
  void jsonSwitchdev() {
    assertThat(EswitchParser.parseJson(read("devlink/eswitch-switchdev.json")))
        .isEqualTo(
            new EswitchInfo(EswitchMode.SWITCHDEV, Optional.of("none"), Optional.of("basic")));
  }

  @Test
  void jsonLegacyAndSwitchdevInactive() {
    assertThat(EswitchParser.parseJson(read("devlink/eswitch-legacy.json")).mode())
        .isEqualTo(EswitchMode.LEGACY);
    EswitchInfo inactive = EswitchParser.parseJson(read("devlink/eswitch-switchdev-inactive.json"));
    assertThat(inactive.mode()).isEqualTo(EswitchMode.SWITCHDEV_INACTIVE);
    assertThat(inactive.switchdev()).isFalse();
    assertThat(inactive.inlineMode()).contains("link");
    assertThat(inactive.encapMode()).contains("none");
  }

  @Test
  void jsonOfIproute2Before57HasEncapEnable() {
    assertThat(EswitchParser.parseJson(read("devlink/eswitch-old.json")).encapMode())
        .contains("basic");
  }

  @Test
  void textFormsNewAndOld() {
    assertThat(EswitchParser.parseText(read("devlink/eswitch-text.txt")))
        .isEqualTo(
            new EswitchInfo(EswitchMode.SWITCHDEV, Optional.of("none"), Optional.of("basic")));
    assertThat(EswitchParser.parseText(read("devlink/eswitch-text-old.txt")))
        .isEqualTo(
            new EswitchInfo(EswitchMode.SWITCHDEV, Optional.of("none"), Optional.of("basic")));
    assertThat(EswitchParser.parseText("pci/0000:e1:00.0: mode legacy\n"))
        .isEqualTo(new EswitchInfo(EswitchMode.LEGACY, Optional.empty(), Optional.empty()));
  }

  @Test
  void unknownModeAndBrokenJsonAreFormatErrors() {
    assertThatThrownBy(
            () -> EswitchParser.parseJson("{\"dev\":{\"pci/0000:e1:00.0\":{\"mode\":\"hybrid\"}}}"))
        .isInstanceOf(ToolOutputException.class)
        .hasMessageContaining("hybrid");
    assertThatThrownBy(() -> EswitchParser.parseJson(read("devlink/eswitch-text.txt")))
        .isInstanceOf(ToolOutputException.class)
        .hasMessageContaining("not JSON");
    assertThatThrownBy(() -> EswitchParser.parseJson("{\"dev\":{}}"))
        .isInstanceOf(ToolOutputException.class);
  }
}
