package io.vfmigrate.workflow.migrate;

import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;

/**
 * Predicts a migration's total time and downtime before it runs, from RAM, the guest's dirty rate,
 * the link's bandwidth, the VFs' device state, switchover-ack and multifd, with the pre-copy model
 * that QEMU follows (and the lab's migration model with it):
 *
 * <ol>
 *   <li>libvirt's Begin and Prepare ({@value #PREPARE_MS} ms) and QEMU's setup ({@value #SETUP_MS}
 *       ms);
 *   <li>passes at R = min(link, channels x {@value #CHANNEL_BYTES_PER_SECOND} bytes/s; one channel
 *       is one CPU-bound thread, 8 of them fill 100 Gbit/s): the first sends RAM and the VFs'
 *       pre-copy state, each next one what the guest dirtied meanwhile (dirty rate x pass time, at
 *       least {@value #MIN_PASS_MS} ms a pass);
 *   <li>the switchover when (dirty RAM + stop-copy state) / R fits QEMU's downtime limit and, with
 *       switchover-ack, the destination has loaded the VFs' initial bytes (their load time after
 *       the pre-copy state arrived);
 *   <li>the downtime: (dirty RAM + stop-copy state) / R, {@value #STOP_RESUME_MS} ms to stop and
 *       resume, per VF its save time and {@value #FINAL_LOAD_MS} ms of final load (without
 *       switchover-ack also its load time); with QEMU 10's multifd device state the VF part is
 *       {@value #MULTIFD_SERIAL_SHARE} x its sum + {@value #MULTIFD_TAIL_SHARE} x the largest VF's
 *       (Szmigiero's published 1 VF 487 -> 366 ms, 4 VFs 1900 -> 1095 ms).
 * </ol>
 *
 * <p>While pre-copy does not fit the limit, the limit rises as vfmigrate's monitor raises it
 * ({@link SwitchoverPolicy}: samples once a {@link MigrationMonitor#POLL}, up to the request's
 * maximum downtime), so a guest that dirties memory fast switches over earlier, with more downtime.
 *
 * <p>The range: the low end with half the dirty rate (none when it was not measured), the high end
 * with twice the dirty rate (1 GiB/s when it was not measured) and 80% of the bandwidth.
 */
final class Prediction {
  static final long PREPARE_MS = 200;
  static final long SETUP_MS = 12;
  static final long MIN_PASS_MS = 50;
  static final long STOP_RESUME_MS = 5;
  static final long FINAL_LOAD_MS = 100;
  static final long CHANNEL_BYTES_PER_SECOND = 1_562_500_000L;
  static final double MULTIFD_SERIAL_SHARE = 0.518;
  static final double MULTIFD_TAIL_SHARE = 0.232;
  static final long UNKNOWN_DIRTY_HIGH = 1L << 30;
  private static final int MAX_PASSES = 200;

  private Prediction() {}

  /** One VF's migration cost. */
  record Device(long precopyBytes, long stopcopyBytes, long saveMs, long loadMs) {
    /** A ConnectX-7 VF as published: 300 MB of state (Horon), 300 ms save, 1480 ms load. */
    static Device connectX7() {
      return new Device(300_000_000L, 30_000_000L, 300, 1480);
    }

    /** A VF whose last migration moved {@code bytes} of state: the default split, scaled. */
    static Device measured(long bytes) {
      Device d = connectX7();
      long total = d.precopyBytes() + d.stopcopyBytes();
      return new Device(
          bytes * d.precopyBytes() / total,
          bytes * d.stopcopyBytes() / total,
          d.saveMs(),
          d.loadMs());
    }
  }

  record Inputs(
      long ramBytes,
      OptionalLong dirtyBytesPerSecond,
      long linkBytesPerSecond,
      List<Device> devices,
      boolean switchoverAck,
      int channels,
      boolean deviceStateOverMultifd,
      long downtimeLimitMs,
      long maxDowntimeMs) {}

  private record Run(long totalMs, long downtimeMs, boolean converges) {}

  static PredictedTimes predict(Inputs in, String basis) {
    long dirty = in.dirtyBytesPerSecond().orElse(0);
    Run expected = run(in, dirty, 1.0);
    Run low = run(in, dirty / 2, 1.0);
    long highDirty = in.dirtyBytesPerSecond().isPresent() ? dirty * 2 : UNKNOWN_DIRTY_HIGH;
    Run high = run(in, highDirty, 0.8);
    return new PredictedTimes(
        expected.totalMs(),
        Math.min(low.totalMs(), expected.totalMs()),
        Math.max(high.totalMs(), expected.totalMs()),
        expected.downtimeMs(),
        Math.min(low.downtimeMs(), expected.downtimeMs()),
        Math.max(high.downtimeMs(), expected.downtimeMs()),
        expected.converges(),
        basis);
  }

  private static Run run(Inputs in, long dirtyPerSecond, double bandwidthShare) {
    long channels = Math.max(1, in.channels());
    double rate =
        Math.min(in.linkBytesPerSecond(), channels * CHANNEL_BYTES_PER_SECOND) * bandwidthShare;
    double perMs = Math.max(1, rate) / 1000.0;
    double dirtyPerMs = dirtyPerSecond / 1000.0;
    long precopy = in.devices().stream().mapToLong(Device::precopyBytes).sum();
    long stopcopy = in.devices().stream().mapToLong(Device::stopcopyBytes).sum();
    long maxLoad = in.devices().stream().mapToLong(Device::loadMs).max().orElse(0);
    double t = PREPARE_MS + SETUP_MS;
    double pass = (in.ramBytes() + precopy) / perMs;
    t += pass;
    double precopyDone = t;
    double remaining = Math.min(in.ramBytes(), dirtyPerMs * pass);
    boolean converges = false;
    // vfmigrate's monitor samples QEMU once a poll from virsh's start and raises the downtime
    // limit as its switchover policy does; before the first sync there is nothing to raise.
    SwitchoverPolicy policy = new SwitchoverPolicy(Duration.ofMillis(in.maxDowntimeMs()));
    long limit = in.downtimeLimitMs();
    long poll = MigrationMonitor.POLL.toMillis();
    double nextPoll = Math.ceil(t / poll) * poll;
    long syncs = 1;
    for (int i = 0; i < MAX_PASSES; i++) {
      syncs++;
      boolean fits = (remaining + stopcopy) / perMs <= limit;
      boolean acked = !in.switchoverAck() || in.devices().isEmpty() || t >= precopyDone + maxLoad;
      if (fits && acked) {
        converges = true;
        break;
      }
      OptionalLong expectedDowntime = OptionalLong.of(Math.round(remaining / perMs));
      pass = Math.max(remaining / perMs, MIN_PASS_MS);
      for (; nextPoll <= t + pass; nextPoll += poll) {
        OptionalLong raised = policy.next(syncs, expectedDowntime);
        if (raised.isPresent()) {
          limit = raised.getAsLong();
        }
      }
      t += pass;
      remaining = Math.min(in.ramBytes(), dirtyPerMs * pass);
    }
    double downtime = (remaining + stopcopy) / perMs + fixedDowntimeMs(in);
    return new Run(Math.round(t + downtime), Math.round(downtime), converges);
  }

  /** The part of the downtime that does not depend on the link. */
  static long fixedDowntimeMs(Inputs in) {
    long devices = 0;
    long largest = 0;
    long loads = 0;
    for (Device d : in.devices()) {
      long one = d.saveMs() + FINAL_LOAD_MS;
      devices += one;
      largest = Math.max(largest, one);
      loads += d.loadMs();
    }
    long total = STOP_RESUME_MS + (in.switchoverAck() ? 0 : loads);
    if (in.deviceStateOverMultifd() && !in.devices().isEmpty()) {
      return total + Math.round(MULTIFD_SERIAL_SHARE * devices + MULTIFD_TAIL_SHARE * largest);
    }
    return total + devices;
  }
}
