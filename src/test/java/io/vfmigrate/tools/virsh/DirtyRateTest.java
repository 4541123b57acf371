package io.vfmigrate.tools.virsh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vfmigrate.tools.FakeHost.Fixtures;
import io.vfmigrate.tools.ToolOutputException;
import org.junit.jupiter.api.Test;

/** {@code virsh domstats VM --dirtyrate}, in the format of tool-formats 5.5 (key=value lines). */
class DirtyRateTest {
  @Test
  void aFinishedMeasurementGivesMiBPerSecond() {
    DirtyRate r = DirtyRate.parse(Fixtures.read("virsh/domstats-dirtyrate-measured.txt"));
    assertThat(r.measured()).isTrue();
    assertThat(r.mebibytesPerSecond()).hasValue(7);
  }

  @Test
  void aMeasurementStillRunningHasNoRateYet() {
    DirtyRate r = DirtyRate.parse("Domain: 'vm1'\n  dirtyrate.calc_status=1\n\n");
    assertThat(r.measured()).isFalse();
    assertThat(r.mebibytesPerSecond()).isEmpty();
  }

  @Test
  void outputWithoutAStatusIsNotADirtyRate() {
    assertThatThrownBy(() -> DirtyRate.parse("Domain: 'vm1'\n\n"))
        .isInstanceOf(ToolOutputException.class);
  }
}
