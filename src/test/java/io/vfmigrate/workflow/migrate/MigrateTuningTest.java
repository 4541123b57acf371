package io.vfmigrate.workflow.migrate;

import static org.assertj.core.api.Assertions.assertThat;

import io.vfmigrate.host.Fleet;
import io.vfmigrate.lab.Lab;
import io.vfmigrate.testing.TestLab;
import io.vfmigrate.workflow.attach.Attach;
import io.vfmigrate.workflow.event.EventSink;
import io.vfmigrate.workflow.prepare.Prepare;
import io.vfmigrate.workflow.prepare.PrepareOptions;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** Multifd and switchover-ack as the hosts report them, used and reported. */
class MigrateTuningTest {
  private static Lab ready(Consumer<io.vfmigrate.lab.state.LabSpec> scenario) {
    Lab lab = TestLab.with(scenario);
    Fleet fleet = TestLab.fleet(lab, EventSink.none());
    PrepareOptions options = new PrepareOptions("br-vf", OptionalInt.empty());
    new Prepare(EventSink.none()).run(fleet.get("src"), options, false);
    new Prepare(EventSink.none()).run(fleet.get("dst"), options, false);
    new Attach(fleet, EventSink.none())
        .run("vm1", "src", Optional.empty(), Optional.empty(), false);
    return lab;
  }

  private static MigrationResult migrate(
      Lab lab, boolean dryRun, boolean noParallel, Optional<Integer> connections) {
    return new Migrate(TestLab.fleet(lab, EventSink.none()), EventSink.none(), new Cancellation())
        .run(
            MigrateRequest.builder("vm1", "src", "dst")
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
