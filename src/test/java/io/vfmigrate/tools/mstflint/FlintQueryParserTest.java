package io.vfmigrate.tools.mstflint;

import static io.vfmigrate.tools.FakeHost.Fixtures.read;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vfmigrate.model.FirmwareVersion;
import io.vfmigrate.tools.ToolOutputException;
import org.junit.jupiter.api.Test;

class FlintQueryParserTest {
  @Test
  void readsTheQueryOfAConnectX7() {
    FlintQuery q = FlintQueryParser.parse(read("mstflint/q-cx7.txt"));

    assertThat(q.fwVersion()).isEqualTo(new FirmwareVersion(28, 41, 1000));
    assertThat(q.runningFwVersion()).isEmpty();
    assertThat(q.runningVersion()).isEqualTo(new FirmwareVersion(28, 41, 1000));
    assertThat(q.updatePending()).isFalse();
    assertThat(q.psid()).isEqualTo("MT_0000000838");
    assertThat(q.origPsid()).isEmpty();
    assertThat(q.productVersion()).isEqualTo("28.41.1000");
    assertThat(q.imageType()).isEqualTo("FS4");
  }

  @Test
  void runningVersionComesFromTheRunningLineWhenItDiffers() {
    FlintQuery q = FlintQueryParser.parse(read("mstflint/q-running-differs.txt"));

    assertThat(q.fwVersion()).isEqualTo(new FirmwareVersion(28, 41, 1000));
    assertThat(q.runningVersion()).isEqualTo(new FirmwareVersion(28, 39, 456));
    assertThat(q.updatePending()).isTrue();
    assertThat(q.origPsid()).contains("MT_0000000834");
  }

  @Test
  void ignoresLinesOfNewerVersions() {
    FlintQuery q = FlintQueryParser.parse(read("mstflint/q-newer-fields.txt"));

    assertThat(q.fwVersion()).isEqualTo(new FirmwareVersion(28, 43, 2026));
    assertThat(q.psid()).isEqualTo("MT_0000000838");
  }

  @Test
  void origPsidNotAvailableIsEmpty() {
    FlintQuery q =
        FlintQueryParser.parse(
            "FW Version:            28.41.1000\nPSID:                  MT_0000000838\n"
                + "Orig PSID:             N/A\n");

    assertThat(q.origPsid()).isEmpty();
    assertThat(q.productVersion()).isEmpty();
  }

  @Test
  void errorOutputIsAFormatError() {
    assertThatThrownBy(() -> FlintQueryParser.parse(read("mstflint/error-cannot-open.txt")))
        .isInstanceOf(ToolOutputException.class)
        .hasMessageContaining("mstflint");
  }

  @Test
  void anUnreadableVersionIsAFormatError() {
    assertThatThrownBy(
            () -> FlintQueryParser.parse("FW Version:            N/A\nPSID:                  X\n"))
        .isInstanceOf(ToolOutputException.class)
        .hasMessageContaining("N/A");
  }
}
