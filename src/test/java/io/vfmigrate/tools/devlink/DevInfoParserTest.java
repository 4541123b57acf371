package io.vfmigrate.tools.devlink;

import static io.vfmigrate.tools.FakeHost.Fixtures.read;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vfmigrate.tools.ToolOutputException;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DevInfoParserTest {
  @Test
  void readsDriverPsidAndVersions() {
    assertThat(DevInfoParser.parse(read("devlink/dev-info.json")))
        .isEqualTo(
            new DevInfo("mlx5_core", "MT_0000000838", "28.41.1000", Optional.of("28.41.1000")));
  }

  @Test
  void aPendingUpdateShowsInStoredAndSerialsAreIgnored() {
    DevInfo info = DevInfoParser.parse(read("devlink/dev-info-update-pending.json"));

    assertThat(info.runningFwVersion()).isEqualTo("28.39.1002");
    assertThat(info.storedFwVersion()).contains("28.41.1000");
  }

  @Test
  void storedIsOptional() {
    assertThat(DevInfoParser.parse(read("devlink/dev-info-no-stored.json")).storedFwVersion())
        .isEmpty();
  }

  @Test
  void withoutPsidItIsNoMlx5Pf() {
    assertThatThrownBy(
            () ->
                DevInfoParser.parse(
                    "{\"info\":{\"pci/0000:00:03.0\":{\"driver\":\"virtio_net\"}}}"))
        .isInstanceOf(ToolOutputException.class)
        .hasMessageContaining("fw.psid");
  }
}
