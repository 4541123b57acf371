package io.vfmigrate.lab.machine.migration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.vfmigrate.lab.machine.migration.MigrationModel.Device;
import io.vfmigrate.lab.machine.migration.MigrationModel.Phase;
import io.vfmigrate.lab.machine.migration.MigrationModel.Settings;
import io.vfmigrate.lab.state.MigrationModelSpec;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The model's arithmetic step by step, on numbers small enough to work out by hand: a link of
 * 1,000,000 bytes/s (1000 bytes per ms), 100,000 bytes of RAM. Every statistic QEMU reports ({@code
 * query-migrate} through {@code domjobinfo}) is checked at each phase, exactly.
 */
class MigrationModelStatsTest {
  private static final long LINK = 1_000_000;
  private static final long RAM = 100_000;

  /** The persisted state of the last model made by {@link #model}. */
  private MigrationModelSpec spec;

  private MigrationModel model(long dirtyPerSecond, List<Device> devices, boolean ack) {
    spec = MigrationModel.fresh(new Settings(RAM, dirtyPerSecond, LINK, devices, ack, 300, true));
    return new MigrationModel(spec);
  }

  @Test
  void anIdleGuestPassByPass() {
    MigrationModel m = model(0, List.of(), false);
    assertThat(m.qemuStatus()).isEqualTo("none");
    assertThat(m.qemuStarted()).isFalse();
    assertThat(m.hasRamStats()).isFalse();
    assertThat(m.totalTimeMs()).isZero();

    m.advance(200, true); // libvirt's Begin and Prepare
    assertThat(m.qemuStatus()).isEqualTo("setup");
    assertThat(m.qemuStarted()).isTrue();
    assertThat(m.hasRamStats()).isFalse();
    assertThat(m.setupTimeMs()).isZero();
    assertThat(m.totalTimeMs()).isZero();

    m.advance(12, true); // QEMU's setup
    assertThat(m.qemuStatus()).isEqualTo("active");
    assertThat(m.phase()).isEqualTo(Phase.ACTIVE);
    assertThat(m.hasRamStats()).isTrue();
    assertThat(m.setupTimeMs()).isEqualTo(12);
    assertThat(m.totalTimeMs()).isEqualTo(12);
    assertThat(m.ramRemaining()).isEqualTo(RAM);
    assertThat(m.dirtySyncCount()).isEqualTo(1);

    m.advance(50, true);
    assertThat(m.ramTransferred()).isEqualTo(50_000);
    assertThat(m.precopyRamBytes()).isEqualTo(50_000);
    assertThat(m.ramRemaining()).isEqualTo(50_000);
    assertThat(m.mbps()).isCloseTo(8.0, within(1e-9)); // 1,000,000 bytes/s
    assertThat(m.pagesPerSecond()).isEqualTo(244); // 1,000,000 / 4096
    assertThat(m.dirtyPagesRate()).as("no full pass yet").isZero();
    assertThat(m.totalTimeMs()).isEqualTo(62);

    m.advance(50, true); // the first pass ends at 312 ms
    assertThat(m.ramRemaining()).isZero();
    assertThat(m.switchedOver()).isFalse();
    assertThat(m.downtimeMs()).isZero();

    m.advance(10, true); // the sync at 312 finds nothing dirty: switchover, 5 ms stop and resume
    assertThat(m.completed()).isTrue();
    assertThat(m.qemuStatus()).isEqualTo("completed");
    assertThat(m.dirtySyncCount()).isEqualTo(2);
    assertThat(m.downtimeMs()).isEqualTo(MigrationModel.STOP_RESUME_MS);
    assertThat(m.totalTimeMs()).isEqualTo(117); // 312 + 5 - 200
    assertThat(m.elapsedMs()).isEqualTo(317.0);
    assertThat(m.expectedDowntimeMs()).isZero();
    assertThat(m.downtimeRamBytes()).isZero();
    // The average once completed: 100,000 bytes over 117 - 12 ms.
    assertThat(m.mbps()).isCloseTo(100_000 * 8.0 / 105 / 1000, within(1e-9));
    assertThat(m.ramTotal()).isEqualTo(RAM);
  }

  @Test
  void aDirtyingGuestLeavesASetThatCrossesInTheDowntime() {
    MigrationModel m = model(100_000, List.of(), false); // 100 bytes per ms
    m.advance(212, true);
    m.advance(100, true); // the first pass: 100 ms, 10,000 bytes dirtied meanwhile
    assertThat(m.ramRemaining())
        .as("QEMU counts what was dirtied since the sync")
        .isEqualTo(10_000);
    assertThat(m.guestStopped()).isFalse();

    m.advance(1, true); // the sync at 312: 10 ms of RAM left fits in 300 ms; 1 ms of it sent
    assertThat(m.dirtySyncCount()).isEqualTo(2);
    assertThat(m.dirtyPagesRate()).isEqualTo(24); // 10,000 bytes / 4096 / 0.1 s
    assertThat(m.switchedOver()).isTrue();
    assertThat(m.guestStopped()).isTrue();
    assertThat(m.qemuStatus()).isEqualTo("device");
    assertThat(MigrationModel.movesData(spec)).isTrue();
    assertThat(m.ramRemaining()).isEqualTo(9_000);
    assertThat(m.expectedDowntimeMs()).isEqualTo(10);
    assertThat(m.downtimeMs()).as("so far").isEqualTo(1);

    m.advance(100, false); // the link is down: nothing crosses, the downtime grows
    assertThat(m.ramRemaining()).isEqualTo(9_000);
    assertThat(m.ramTransferred()).isEqualTo(101_000);
    assertThat(m.completed()).isFalse();

    m.advance(100, true); // 9 ms for the rest, 5 ms to stop and resume
    assertThat(m.completed()).isTrue();
    assertThat(m.downtimeMs()).isEqualTo(312 - 312 + 1 + 100 + 9 + 5);
    assertThat(m.downtimeRamBytes()).isEqualTo(10_000);
    assertThat(m.ramTransferred()).isEqualTo(110_000);
    assertThat(m.totalTimeMs()).isEqualTo(427 - 200);
    assertThat(MigrationModel.movesData(spec)).isFalse();
  }

  @Test
  void aLinkThatIsDownStallsThePassWhileTheGuestDirtiesUnlessSuspended() {
    MigrationModel m = model(100_000, List.of(), false);
    m.advance(212, true);

    m.advance(100, false);
    assertThat(m.ramTransferred()).isZero();
    assertThat(m.ramRemaining()).isEqualTo(RAM);
    assertThat(m.pagesPerSecond()).isZero();
    assertThat(m.mbps()).isZero();
    assertThat(spec.dirtied).isEqualTo(10_000.0);

    m.suspendGuest();
    m.advance(100, false);
    assertThat(m.guestStopped()).isTrue();
    assertThat(spec.dirtied).as("a suspended guest dirties nothing").isEqualTo(10_000.0);
  }

  /** One VF: 10,000 bytes pre-copy, 1000 stop-copy, 30 ms to save, 500 ms to load. */
  private static final Device VF = new Device("0000:e1:00.1", 10_000, 1_000, 30, 500);

  @Test
  void withSwitchoverAckTheSourceIteratesUntilTheDestinationLoadedTheVf() {
    MigrationModel m = model(0, List.of(VF), true);
    m.advance(5_000, true);

    // RAM and the pre-copy state cross together by 322 ms; the load ends at 822, the next sync
    // (every 50 ms) switches over; 1 ms for the stop-copy state; save + final load + 5 ms.
    assertThat(m.completed()).isTrue();
    assertThat(spec.switchoverMs).isEqualTo(822.0);
    assertThat(m.downtimeMs()).isEqualTo(1 + 30 + MigrationModel.FINAL_LOAD_MS_PER_VF + 5);
    assertThat(m.totalTimeMs()).isEqualTo(822 + 136 - 200);
    assertThat(m.dirtySyncCount()).isEqualTo(12);
    assertThat(m.vfioTransferred()).isEqualTo(11_000);
    assertThat(m.ramTransferred()).isEqualTo(RAM);
  }

  @Test
  void withoutSwitchoverAckTheLoadIsPaidInTheDowntime() {
    MigrationModel m = model(0, List.of(VF), false);
    m.advance(5_000, true);

    assertThat(spec.switchoverMs).isEqualTo(322.0);
    assertThat(m.downtimeMs()).isEqualTo(1 + 30 + MigrationModel.FINAL_LOAD_MS_PER_VF + 500 + 5);
    assertThat(m.dirtySyncCount()).isEqualTo(2);
  }

  @Test
  void theFixedDowntimeAddsEachVfAndMultifdOverlapsThem() {
    Device a = new Device("a", 0, 0, 300, 1480);
    Device b = new Device("b", 0, 0, 100, 200);
    assertThat(fixed(List.of(), false, false)).isEqualTo(5);
    assertThat(fixed(List.of(a), true, false)).isEqualTo(5 + 400);
    assertThat(fixed(List.of(a), false, false)).isEqualTo(5 + 400 + 1480);
    assertThat(fixed(List.of(a, b), true, false)).isEqualTo(5 + 400 + 200);
    // Over multifd: 0.518 x (400 + 200) + 0.232 x 400 = 403.6, rounded.
    assertThat(fixed(List.of(a, b), true, true)).isEqualTo(5 + 404);
    assertThat(fixed(List.of(a, b), false, true)).isEqualTo(5 + 1480 + 200 + 404);
    assertThat(fixed(List.of(), true, true)).isEqualTo(5);
  }

  private static long fixed(List<Device> devices, boolean ack, boolean multifd) {
    return new MigrationModel(new Settings(RAM, 0, LINK, devices, ack, 300, true, 4, multifd, 0))
        .fixedDowntimeMs();
  }

  @Test
  void channelsAndASharedLinkBoundTheRate() {
    assertThat(settings(0, 0).effectiveBytesPerSecond()).isEqualTo(LINK);
    assertThat(settings(0, 300_000).effectiveBytesPerSecond()).isEqualTo(300_000);
    assertThat(settings(2, 300_000).effectiveBytesPerSecond()).isEqualTo(600_000);
    assertThat(settings(8, 300_000).effectiveBytesPerSecond()).isEqualTo(LINK);

    MigrationModelSpec linkSpec = MigrationModel.fresh(settings(0, 0));
    MigrationModel.shareLink(linkSpec, 4);
    assertThat(linkSpec.sharedBytesPerSecond).isEqualTo(LINK / 4);
    MigrationModel shared = new MigrationModel(linkSpec);
    shared.advance(212 + 10, true);
    assertThat(shared.ramTransferred()).as("10 ms at a quarter of the link").isEqualTo(2_500);
    MigrationModel.shareLink(linkSpec, 1);
    assertThat(linkSpec.sharedBytesPerSecond).isZero();
    MigrationModel.shareLink(null, 3); // no migration: nothing to share
  }

  private static Settings settings(int channels, long channelRate) {
    return new Settings(RAM, 0, LINK, List.of(), false, 300, true, channels, false, channelRate);
  }

  @Test
  void theModelIsItsPersistedStateAndGoesOnInAnotherProcess() {
    MigrationModel first = model(100_000, List.of(VF), false);
    first.advance(262, true);

    MigrationModel again = new MigrationModel(spec);
    assertThat(again.settings()).isEqualTo(first.settings());
    again.setDowntimeLimitMs(1_000);
    assertThat(again.downtimeLimitMs()).isEqualTo(1_000);
    assertThat(spec.downtimeLimitMs).isEqualTo(1_000);
    assertThat(again.ramTransferred()).isEqualTo(first.ramTransferred());
    assertThat(MigrationModel.movesData(null)).isFalse();
    assertThat(MigrationModel.movesData(MigrationModel.fresh(first.settings()))).isFalse();
  }
}
