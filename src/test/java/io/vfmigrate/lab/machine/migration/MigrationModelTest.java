package io.vfmigrate.lab.machine.migration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.vfmigrate.lab.machine.migration.MigrationModel.Device;
import io.vfmigrate.lab.machine.migration.MigrationModel.Phase;
import io.vfmigrate.lab.machine.migration.MigrationModel.Settings;
import io.vfmigrate.lab.state.DeviceStateSpec;
import io.vfmigrate.model.Bandwidth;
import io.vfmigrate.model.ByteSize;
import java.util.List;
import org.junit.jupiter.api.Test;

public class MigrationModelTest {
  private static final long GIB = 1L << 30;
  private static final long LINK = Bandwidth.parse("100Gbit/s").bytesPerSecond();
  private static final long DIRTY = Bandwidth.parse("200MiB/s").bytesPerSecond();
  private static final long CHANNEL = MigrationModel.CHANNEL_BYTES_PER_SECOND;

  /** One VF with the lab's default device state (300 MB pre-copy, 30 MB stop-copy). */
  private static Device defaultVf() {
    DeviceStateSpec d = new DeviceStateSpec();
    return new Device(
        "0000:e1:00.1",
        ByteSize.parse(d.precopy).bytes(),
        ByteSize.parse(d.stopcopy).bytes(),
        d.saveTimeMs,
        d.loadTimeMs);
  }

  private static MigrationModel model(long memory, long dirty, List<Device> vfs, boolean ack) {
    // Eight multifd channels fill the 100 Gbit/s link.
    return new MigrationModel(
        new Settings(memory, dirty, LINK, vfs, ack, 300, true, 8, false, CHANNEL));
  }

  private static MigrationModel multifd(int vfs, int channels, boolean deviceState) {
    List<Device> devices = new java.util.ArrayList<>();
    for (int i = 0; i < vfs; i++) {
      devices.add(defaultVf());
    }
    return new MigrationModel(
        new Settings(
            8 * GIB, DIRTY, LINK, devices, true, 300, true, channels, deviceState, CHANNEL));
  }

  @Test
  void oneChannelCannotFillA100GbitLink() {
    MigrationModel one =
        new MigrationModel(
            new Settings(8 * GIB, 0, LINK, List.of(), false, 300, true, 0, false, CHANNEL));
    one.advance(MigrationModel.PREPARE_MS + MigrationModel.SETUP_MS + 1000, true);

    // 1000 ms at one channel's 1.5625 GB/s, not the link's 12.5 GB/s.
    assertThat(one.ramTransferred()).isEqualTo(MigrationModel.CHANNEL_BYTES_PER_SECOND);
  }

  @Test
  void multifdDeviceStateCutsTheVfPartOfTheDowntimeAsPublishedForQemu10() {
    // Szmigiero, QEMU 10.0, CX-7 at 100 GbE: 1 VF 487 -> 366 ms (x0.75), 4 VFs 1900 -> 1095 ms
    // (x0.58). The model's device part shrinks by the same factors.
    long oneOff = multifd(1, 6, false).fixedDowntimeMs() - MigrationModel.STOP_RESUME_MS;
    long oneOn = multifd(1, 6, true).fixedDowntimeMs() - MigrationModel.STOP_RESUME_MS;
    long fourOff = multifd(4, 6, false).fixedDowntimeMs() - MigrationModel.STOP_RESUME_MS;
    long fourOn = multifd(4, 6, true).fixedDowntimeMs() - MigrationModel.STOP_RESUME_MS;

    assertThat((double) oneOn / oneOff).isCloseTo(366.0 / 487, within(0.02));
    assertThat((double) fourOn / fourOff).isCloseTo(1095.0 / 1900, within(0.02));
    MigrationModel four = runToEnd(multifd(4, 6, true), 60_000);
    assertThat(four.completed()).isTrue();
    assertThat(four.downtimeMs()).isBetween(900L, 1150L);
  }

  @Test
  void twoMigrationsOnOneLinkShareIt() {
    MigrationModel alone = model(8 * GIB, 0, List.of(), false);
    alone.advance(MigrationModel.PREPARE_MS + MigrationModel.SETUP_MS + 200, true);
    io.vfmigrate.lab.state.MigrationModelSpec spec =
        MigrationModel.fresh(
            new Settings(8 * GIB, 0, LINK, List.of(), false, 300, true, 8, false, CHANNEL));
    MigrationModel.shareLink(spec, 2);
    MigrationModel shared = new MigrationModel(spec);
    shared.advance(MigrationModel.PREPARE_MS + MigrationModel.SETUP_MS + 200, true);

    assertThat(shared.ramTransferred()).isEqualTo(alone.ramTransferred() / 2);
  }

  private static MigrationModel runToEnd(MigrationModel model, long maxMs) {
    for (long t = 0; t < maxMs && !model.completed(); t += 100) {
      model.advance(100, true);
    }
    return model;
  }

  @Test
  void oneVfWithSwitchoverAckGivesHoronsFourHundredTwentyMilliseconds() {
    MigrationModel m = runToEnd(model(8 * GIB, DIRTY, List.of(defaultVf()), true), 60_000);

    assertThat(m.completed()).isTrue();
    assertThat((double) m.downtimeMs()).isCloseTo(420, within(420 * 0.15));
  }

  @Test
  void oneVfWithoutSwitchoverAckGivesNineteenHundredMilliseconds() {
    MigrationModel m = runToEnd(model(8 * GIB, DIRTY, List.of(defaultVf()), false), 60_000);

    assertThat(m.completed()).isTrue();
    assertThat((double) m.downtimeMs()).isCloseTo(1900, within(1900 * 0.15));
  }

  @Test
  void switchoverAckMovesTheDeviceLoadOutOfTheDowntimeIntoTheTotalTime() {
    MigrationModel ack = runToEnd(model(8 * GIB, DIRTY, List.of(defaultVf()), true), 60_000);
    MigrationModel noAck = runToEnd(model(8 * GIB, DIRTY, List.of(defaultVf()), false), 60_000);

    assertThat(noAck.downtimeMs() - ack.downtimeMs()).isBetween(1400L, 1560L);
    assertThat(ack.totalTimeMs()).isGreaterThan(noAck.totalTimeMs());
  }

  @Test
  void withoutVfsTheDowntimeIsTheLastDirtySetAndAFewMilliseconds() {
    MigrationModel m = runToEnd(model(8 * GIB, DIRTY, List.of(), false), 60_000);

    assertThat(m.downtimeMs()).isBetween(5L, 30L);
    assertThat(m.vfioTransferred()).isZero();
  }

  @Test
  void firstPassSendsAllRamAndThePrecopyDeviceStateAtTheLinkRate() {
    MigrationModel m = model(8 * GIB, 0, List.of(defaultVf()), true);
    m.advance(MigrationModel.PREPARE_MS + MigrationModel.SETUP_MS, true);
    assertThat(m.phase()).isEqualTo(Phase.ACTIVE);
    assertThat(m.ramRemaining()).isEqualTo(8 * GIB);
    assertThat(m.expectedDowntimeMs()).isEqualTo(Math.round(8.0 * GIB / LINK * 1000));

    m.advance(400, true);

    long sent = m.ramTransferred() + m.vfioTransferred();
    assertThat((double) sent).isCloseTo(LINK * 0.4, within(1e6));
    assertThat(m.mbps()).isEqualTo(100_000.0);
    assertThat(m.ramRemaining()).isEqualTo(8 * GIB - m.ramTransferred());
  }

  @Test
  void aGuestThatDirtiesAsFastAsTheLinkNeverConverges() {
    MigrationModel m = model(16 * GIB, LINK, List.of(defaultVf()), true);

    runToEnd(m, 120_000);

    assertThat(m.completed()).isFalse();
    assertThat(m.switchedOver()).isFalse();
    assertThat(m.phase()).isEqualTo(Phase.ACTIVE);
    assertThat(m.dirtySyncCount()).isGreaterThan(50);
    assertThat(m.expectedDowntimeMs()).isGreaterThan(1000);
  }

  @Test
  void aSuspendedGuestConvergesAtTheNextPass() {
    MigrationModel m = model(16 * GIB, LINK, List.of(defaultVf()), true);
    runToEnd(m, 10_000);
    assertThat(m.completed()).isFalse();

    m.suspendGuest();
    runToEnd(m, 10_000);

    assertThat(m.completed()).isTrue();
  }

  @Test
  void nothingCrossesALinkThatIsDown() {
    MigrationModel m = model(8 * GIB, DIRTY, List.of(defaultVf()), true);
    m.advance(500, true);
    long ram = m.ramTransferred();
    long vfio = m.vfioTransferred();

    m.advance(10_000, false);

    assertThat(m.ramTransferred()).isEqualTo(ram);
    assertThat(m.vfioTransferred()).isEqualTo(vfio);
    assertThat(m.mbps()).isZero();
    assertThat(m.phase()).isEqualTo(Phase.ACTIVE);

    runToEnd(m, 60_000);
    assertThat(m.completed()).isTrue();
  }

  @Test
  void aLargerDowntimeLimitLetsAHeavyGuestConverge() {
    MigrationModel m = model(16 * GIB, LINK, List.of(), false);
    runToEnd(m, 30_000);
    assertThat(m.completed()).isFalse();

    m.setDowntimeLimitMs(2_000);
    runToEnd(m, 30_000);

    assertThat(m.completed()).isTrue();
  }

  @Test
  void severalVfsAddTheirDeviceTimes() {
    MigrationModel one = runToEnd(model(8 * GIB, DIRTY, List.of(defaultVf()), true), 60_000);
    MigrationModel four =
        runToEnd(
            model(
                8 * GIB, DIRTY, List.of(defaultVf(), defaultVf(), defaultVf(), defaultVf()), true),
            60_000);

    assertThat(four.downtimeMs()).isGreaterThan(3 * one.downtimeMs());
    assertThat(four.vfioTransferred()).isEqualTo(4 * one.vfioTransferred());
  }
}
