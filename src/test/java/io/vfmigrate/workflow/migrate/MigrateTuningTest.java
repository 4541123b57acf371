package io.vfmigrate.workflow.migrate;

import static io.vfmigrate.testing.MigrationFixture.asking;
import static io.vfmigrate.testing.MigrationFixture.ready;
import static org.assertj.core.api.Assertions.assertThat;

import io.vfmigrate.lab.Lab;
import io.vfmigrate.testing.MigrationFixture;
import io.vfmigrate.testing.TestLab;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Multifd and switchover-ack as the hosts report them, used and reported. */
class MigrateTuningTest {
  private static MigrationResult migrate(
      Lab lab, boolean dryRun, boolean noParallel, Optional<Integer> connections) {
    return MigrationFixture.migrate(
        lab,
        asking()
            .dryRun(dryRun)
            .verify(false)
            .noParallel(noParallel)
            .parallelConnections(connections)
            .build());
  }

  @Test
  void qemu91OnBothHostsMigratesOverSixChannelsWithSwitchoverAck() {
    MigrationResult r = migrate(ready(s -> {}), false, false, Optional.empty());

    assertThat(r.outcome()).as(r.toString()).isEqualTo(MigrationOutcome.MIGRATED);
    assertThat(r.tuning().parallelConnections()).isEqualTo(Multifd.CHANNELS_WITH_VF);
    assertThat(r.tuning().switchoverAck()).contains(true);
    assertThat(r.commands().get(0)).contains("--parallel --parallel-connections 8 vm1");
  }

  @Test
  void noParallelAndAnExplicitCountOverrideWhatTheHostsReport() {
    MigrationResult off = migrate(ready(s -> {}), true, true, Optional.empty());
    assertThat(off.tuning().parallelConnections()).isZero();
    assertThat(off.commands().get(0)).doesNotContain("--parallel");

    MigrationResult three = migrate(ready(s -> {}), false, false, Optional.of(3));
    assertThat(three.outcome()).as(three.toString()).isEqualTo(MigrationOutcome.MIGRATED);
    assertThat(three.tuning().parallelConnections()).isEqualTo(3);
  }

  @Test
  void aVfWhoseMigrationDoesNotUseSwitchoverAckIsReportedSo() {
    MigrationResult r =
        migrate(
            ready(s -> TestLab.nic(s, "src").deviceState.switchoverAck = false),
            false,
            false,
            Optional.empty());

    assertThat(r.outcome()).as(r.toString()).isEqualTo(MigrationOutcome.MIGRATED);
    assertThat(r.tuning().switchoverAck()).contains(false);
  }
}
