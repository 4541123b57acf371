package io.vfmigrate.workflow.migrate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Collections;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/**
 * The prediction's numbers against values worked out by hand from the equations in
 * docs/lab-model.md and {@link Prediction}'s own documentation: 212 ms of Begin, Prepare and setup,
 * pass 1 = (RAM + pre-copy state) / R, pass n+1 = max(50 ms, dirtied / R), switchover when
 * (remaining + stop-copy) / R fits the limit (and, with switchover-ack, the VFs' load time after
 * pre-copy has passed), downtime = (remaining + stop-copy) / R + 5 ms + per VF save + 100 ms (+
 * load without switchover-ack). The range: half the dirty rate for the low end, twice the dirty
 * rate (1 GiB/s unmeasured) at 80% bandwidth for the high end.
 */
class PredictionTest {
  private static final long GB = 1_000_000_000L;

  private static Prediction.Inputs inputs(
      long ram,
      OptionalLong dirty,
      long link,
      List<Prediction.Device> devices,
      boolean ack,
      int channels,
      boolean multifdDeviceState,
      long maxDowntime) {
    return new Prediction.Inputs(
        ram, dirty, link, devices, ack, channels, multifdDeviceState, 300, maxDowntime);
  }

  private static PredictedTimes predict(Prediction.Inputs in) {
    return Prediction.predict(in, "basis words");
  }

  @Test
  void aQuietGuestConvergesAfterOneDirtyPass() {
    // R = 1 GB/s (1 channel = 1.5625 GB/s, the link is slower): 1e6 bytes/ms.
    // expected: pass 1 = 1000 ms (t = 1212); dirtied 100 MB/s x 1000 ms = 100 MB -> 100 ms fits
    //   300 ms: downtime 100 + 5 = 105, total 1212 + 105 = 1317.
    // low (50 MB/s): downtime 50 + 5 = 55, total 1267.
    // high (200 MB/s at 0.8 GB/s): pass 1 = 1250 ms (t = 1462), dirtied 250 MB -> 312.5 ms > 300;
    //   pass 2 = 312.5 ms (t = 1774.5), dirtied 62.5 MB -> 78.125 ms fits: downtime 83.125 -> 83,
    //   total 1857.625 -> 1858; the downtime range keeps the expected 105 as its top.
    PredictedTimes p =
        predict(inputs(GB, OptionalLong.of(100_000_000L), GB, List.of(), false, 1, false, 500));

    assertThat(p)
        .isEqualTo(new PredictedTimes(1317, 1267, 1858, 105, 55, 105, true, "basis words"));
  }

  @Test
  void withoutAMeasuredDirtyRateTheLowEndHasNoneAndTheHighEndAssumesOneGibPerSecond() {
    // expected and low: nothing dirtied: downtime 5, total 212 + 1000 + 5 = 1217.
    // high: 1 GiB/s dirtied against 0.8 GB/s: never converges within 200 passes of 1250 ms, so the
    // high end is far above (its dirty set stays all of RAM: downtime 1e9 / 8e5 + 5 = 1255).
    PredictedTimes p =
        predict(inputs(GB, OptionalLong.empty(), GB, List.of(), false, 1, false, 500));

    assertThat(p.totalMs()).isEqualTo(1217);
    assertThat(p.totalLowMs()).isEqualTo(1217);
    assertThat(p.downtimeMs()).isEqualTo(5);
    assertThat(p.downtimeLowMs()).isEqualTo(5);
    assertThat(p.downtimeHighMs()).isEqualTo(1255);
    // 212 + 1250 + 200 x 1250 + 1255
    assertThat(p.totalHighMs()).isEqualTo(252_717);
    assertThat(p.converges()).isTrue();
  }

  @Test
  void aGuestThatDirtiesFasterThanTheLinkNeverConverges() {
    // 2 GB/s dirtied at 1 GB/s: every pass resends all of RAM (1000 ms); the limit rises to the
    // 500 ms maximum, below the 1000 ms needed. 200 passes: t = 212 + 1000 + 200 x 1000 = 201212,
    // downtime 1000 + 5. Low (1 GB/s) is the same: D x 1000 ms = all of RAM.
    PredictedTimes p =
        predict(inputs(GB, OptionalLong.of(2 * GB), GB, List.of(), false, 1, false, 500));

    assertThat(p.converges()).isFalse();
    assertThat(p.totalMs()).isEqualTo(202_217);
    assertThat(p.totalLowMs()).isEqualTo(202_217);
    assertThat(p.downtimeMs()).isEqualTo(1005);
    assertThat(p.downtimeLowMs()).isEqualTo(1005);
    // high: 4 GB/s at 0.8 GB/s: 212 + 1250 + 200 x 1250 + 1255
    assertThat(p.totalHighMs()).isEqualTo(252_717);
    assertThat(p.downtimeHighMs()).isEqualTo(1255);
  }

  @Test
  void theRisingLimitLetsABusyGuestSwitchOverWithMoreDowntime() {
    // As above but a 1000 ms maximum: one monitor poll per 1000 ms pass, the limit rises by 100 ms
    // every third poll (passes 2, 5, ..., 20: 7 raises, 300 -> 1000 ms), and after pass 21 the
    // 1000 ms expected downtime fits: t = 1212 + 21 x 1000 = 22212, downtime 1005.
    PredictedTimes p =
        predict(inputs(GB, OptionalLong.of(2 * GB), GB, List.of(), false, 1, false, 1000));

    assertThat(p.converges()).isTrue();
    assertThat(p.totalMs()).isEqualTo(23_217);
    assertThat(p.downtimeMs()).isEqualTo(1005);
    assertThat(p.totalLowMs()).isEqualTo(23_217);
    // high: 1250 ms expected downtime stays above the 1000 ms maximum
    assertThat(p.totalHighMs()).isEqualTo(252_717);
    assertThat(p.downtimeHighMs()).isEqualTo(1255);
  }

  @Test
  void withSwitchoverAckItIteratesUntilTheDestinationHasLoadedTheVf() {
    // 1 ConnectX-7 VF (300 MB pre-copy, 30 MB stop-copy, 300 ms save, 1480 ms load), nothing
    // dirtied (measured 0). expected: pass 1 = 1.3 GB / 1e6 = 1300 ms, pre-copy done at 1512;
    // 30 ms fits but the ack comes at 1512 + 1480 = 2992: 50 ms passes until 3012.
    // downtime 30 + 5 + 300 + 100 = 435, total 3447.
    // high (0.8 GB/s): pass 1 = 1625 ms, done at 1837, acked at 3317: passes until 3337;
    // downtime 37.5 + 405 = 442.5 -> 443, total 3779.5 -> 3780.
    PredictedTimes p =
        predict(
            inputs(
                GB,
                OptionalLong.of(0),
                GB,
                List.of(Prediction.Device.connectX7()),
                true,
                1,
                false,
                500));

    assertThat(p)
        .isEqualTo(new PredictedTimes(3447, 3447, 3780, 435, 435, 443, true, "basis words"));
  }

  @Test
  void withoutSwitchoverAckTheVfsLoadIsInTheDowntimeAndItSwitchesOverAtOnce() {
    // pass 1 = 1300 ms (t = 1512), 30 ms fits at once: downtime 30 + 5 + 300 + 100 + 1480 = 1915,
    // total 3427.
    PredictedTimes p =
        predict(
            inputs(
                GB,
                OptionalLong.of(0),
                GB,
                List.of(Prediction.Device.connectX7()),
                false,
                1,
                false,
                500));

    assertThat(p.downtimeMs()).isEqualTo(1915);
    assertThat(p.totalMs()).isEqualTo(3427);
  }

  @Test
  void channelsCapTheRateBelowTheLink() {
    // 12.5 GB/s link, 2 channels = 3.125 GB/s: 3.125 GB in 1000 ms, total 212 + 1000 + 5.
    long ram = 3_125_000_000L;
    long link = 12_500_000_000L;
    assertThat(
            predict(inputs(ram, OptionalLong.of(0), link, List.of(), false, 2, false, 500))
                .totalMs())
        .isEqualTo(1217);
    // No multifd (0 channels) is one channel: 1.5625 GB/s, 2000 ms.
    assertThat(
            predict(inputs(ram, OptionalLong.of(0), link, List.of(), false, 0, false, 500))
                .totalMs())
        .isEqualTo(2217);
    // 8 channels fill the link: 250 ms.
    assertThat(
            predict(inputs(ram, OptionalLong.of(0), link, List.of(), false, 8, false, 500))
                .totalMs())
        .isEqualTo(467);
  }

  @Test
  void theFixedDowntimeOfVfsAddsUpOnTheMainChannel() {
    List<Prediction.Device> four = Collections.nCopies(4, Prediction.Device.connectX7());
    // 5 + 4 x (300 + 100) with switchover-ack; + 4 x 1480 without.
    assertThat(
            Prediction.fixedDowntimeMs(
                inputs(GB, OptionalLong.empty(), GB, four, true, 8, false, 500)))
        .isEqualTo(1605);
    assertThat(
            Prediction.fixedDowntimeMs(
                inputs(GB, OptionalLong.empty(), GB, four, false, 8, false, 500)))
        .isEqualTo(7525);
    // No VF: only stopping and resuming the vCPUs.
    assertThat(
            Prediction.fixedDowntimeMs(
                inputs(GB, OptionalLong.empty(), GB, List.of(), false, 8, true, 500)))
        .isEqualTo(5);
  }

  @Test
  void overMultifdTheVfsDowntimeIsAShareOfTheSumPlusAShareOfTheLargest() {
    List<Prediction.Device> four = Collections.nCopies(4, Prediction.Device.connectX7());
    // 5 + round(0.518 x 1600 + 0.232 x 400) = 5 + round(921.6) = 927
    assertThat(
            Prediction.fixedDowntimeMs(
                inputs(GB, OptionalLong.empty(), GB, four, true, 8, true, 500)))
        .isEqualTo(927);
    // without ack + 4 x 1480
    assertThat(
            Prediction.fixedDowntimeMs(
                inputs(GB, OptionalLong.empty(), GB, four, false, 8, true, 500)))
        .isEqualTo(6847);
    // 1 VF: 5 + round(0.518 x 400 + 0.232 x 400) = 5 + 300
    assertThat(
            Prediction.fixedDowntimeMs(
                inputs(
                    GB,
                    OptionalLong.empty(),
                    GB,
                    List.of(Prediction.Device.connectX7()),
                    true,
                    8,
                    true,
                    500)))
        .isEqualTo(305);
    // The largest VF is the one with the longest save: 0.518 x (400 + 600) + 0.232 x 600 = 657.2
    List<Prediction.Device> mixed =
        List.of(
            Prediction.Device.connectX7(),
            new Prediction.Device(300_000_000L, 30_000_000L, 500, 1480));
    assertThat(
            Prediction.fixedDowntimeMs(
                inputs(GB, OptionalLong.empty(), GB, mixed, true, 8, true, 500)))
        .isEqualTo(5 + 657);
  }

  @Test
  void aConnectX7VfIsThePublishedFigures() {
    assertThat(Prediction.Device.connectX7())
        .isEqualTo(new Prediction.Device(300_000_000L, 30_000_000L, 300, 1480));
  }

  @Test
  void aMeasuredVfStateKeepsTheDefaultSplitAndTimes() {
    // 10 parts pre-copy to 1 part stop-copy, as the 300 MB / 30 MB default.
    assertThat(Prediction.Device.measured(660_000_000L))
        .isEqualTo(new Prediction.Device(600_000_000L, 60_000_000L, 300, 1480));
  }

  @Test
  void theSwitchoverComesAtTheVeryPassTheDestinationHasLoadedTheVf() {
    // A VF that loads in 1500 ms: pre-copy done at 1512, acked at 3012 exactly after 30 passes of
    // 50 ms. downtime 30 + 5 + 300 + 100 = 435, total 3447.
    PredictedTimes p =
        predict(
            inputs(
                GB,
                OptionalLong.of(0),
                GB,
                List.of(new Prediction.Device(300_000_000L, 30_000_000L, 300, 1500)),
                true,
                1,
                false,
                500));

    assertThat(p.totalMs()).isEqualTo(3447);
    assertThat(p.downtimeMs()).isEqualTo(435);
  }

  @Test
  void theVfsStopCopyStateCountsAgainstTheLimit() {
    // 4 VFs (1.2 GB pre-copy, 120 MB stop-copy), 400 MB/s dirtied, no switchover-ack, R = 1e6 B/ms.
    // pass 1 = 2200 ms (t = 2412): 880 MB dirty, 880 + 120 = 1000 ms > 300;
    // pass 2 = 880 ms (t = 3292): 352 MB, 352 + 120 = 472 > 300;
    // pass 3 = 352 ms (t = 3644): 140.8 MB, 140.8 + 120 = 260.8 fits.
    // downtime 260.8 + 5 + 4 x (300 + 100 + 1480) = 7785.8 -> 7786, total 11429.8 -> 11430.
    PredictedTimes p =
        predict(
            inputs(
                GB,
                OptionalLong.of(400_000_000L),
                GB,
                Collections.nCopies(4, Prediction.Device.connectX7()),
                false,
                1,
                false,
                500));

    assertThat(p.totalMs()).isEqualTo(11_430);
    assertThat(p.downtimeMs()).isEqualTo(7786);
  }
}
