package io.vfmigrate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MigrationReportTest {
  @Test
  void withoutSwitchoverAckAVmWithoutAVfLostNothing() {
    assertThat(MigrationReport.withoutAck(0))
        .startsWith("no (the VM has no VF")
        .doesNotContain("downtime");
  }

  @Test
  void withoutSwitchoverAckEachVfsLoadFellInsideTheDowntime() {
    assertThat(MigrationReport.withoutAck(1))
        .isEqualTo("NO: the destination's VF load fell inside the downtime (about 1.5 s per VF)");
    assertThat(MigrationReport.withoutAck(4)).endsWith("(about 1.5 s per VF, 4 VFs)");
  }
}
