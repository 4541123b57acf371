package io.vfmigrate.lab.machine.migration;

import io.vfmigrate.lab.state.MigrationModelSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * Pre-copy live migration as QEMU 8.x runs it for libvirt, advanced in virtual time. Pure
 * arithmetic over its persisted state ({@link MigrationModelSpec}): no clock; {@link MigrationRun}
 * feeds it time and the link state.
 *
 * <p>The model:
 *
 * <ol>
 *   <li><b>Prepare</b> ({@value #PREPARE_MS} ms): libvirt's Begin and Prepare phases (the
 *       destination QEMU starts); QEMU's migration has not begun.
 *   <li><b>Setup</b> ({@value #SETUP_MS} ms): QEMU's setup and first dirty-bitmap sync.
 *   <li><b>Iterations</b>: the first pass sends all guest RAM, and alongside it each VF's pre-copy
 *       device state ("initial bytes"), at the link bandwidth. At the end of each pass the dirty
 *       bitmap is synced: the next pass sends what the guest dirtied meanwhile (dirty rate x pass
 *       time, at most all RAM). Passes shorter than {@value #MIN_PASS_MS} ms wait for the next
 *       sync: an assumed cost of one QEMU iteration with little to send, mostly its dirty-bitmap
 *       sync (QEMU's {@code MAX_WAIT} of 50 ms bounds a {@code ram_save_iterate} slice from above,
 *       not from below). The VFs' initial bytes share the link with RAM in proportion to their size
 *       and finish with the first pass: kinder than QEMU, whose {@code vfio_save_iterate} sends 1
 *       MiB per turn after RAM's (docs/lab-model.md). A dirty rate that reaches the bandwidth never
 *       shrinks the dirty set, so such a guest never converges.
 *   <li><b>Switchover</b> when, at a sync, (remaining RAM + the VFs' stop-copy state) / bandwidth
 *       fits in the downtime limit (QEMU's {@code threshold_size}; default 300 ms) and, with
 *       switchover-ack, the destination has acknowledged: it loads the VFs' initial bytes (the
 *       {@code load_time_ms} resource allocation) after they arrived, all VFs at once (a best case:
 *       a real destination loads them one after another, docs/lab-model.md), and until then QEMU
 *       keeps iterating. QEMU's estimate ignores the device's save and load times, as the real one
 *       does.
 *   <li><b>Downtime</b> (status {@code device}, guest stopped): the remaining RAM and the stop-copy
 *       state cross the link, then per VF its save time, {@value #FINAL_LOAD_MS_PER_VF} ms for the
 *       destination to load the final image and restart the function, and (without switchover-ack)
 *       its load time; plus {@value #STOP_RESUME_MS} ms to stop and resume the vCPUs. The two
 *       constants are calibrated on Horon's measurement of one mlx5 VF with 300 MB of device state
 *       (cited in docs/lab-model.md): 420 ms with switchover-ack, 1900 ms without. Several VFs add
 *       up, as device state travels on the one main channel before QEMU 10's multifd device state.
 * </ol>
 *
 * <p><b>Channels.</b> One migration channel is one thread that copies pages into a socket: it is
 * CPU-bound at about {@value #CHANNEL_BYTES_PER_SECOND} bytes/s (12.5 Gbit/s; oVirt's parallel
 * migration connections feature: "8-16 connections can saturate 100 Gbps"). With the lab's {@code
 * link.channel_bandwidth} set (the bench sets that value), a migration moves at most min(link,
 * channels x that); unset, a channel is as fast as the link. Without multifd the main channel is
 * the one channel; with multifd ({@code --parallel}) RAM travels over {@code multifd-channels} of
 * them.
 *
 * <p><b>Device state over multifd</b> (QEMU 10.0, {@code x-migration-multifd-transfer}): the VFs'
 * final state travels over the multifd channels and the destination loads it as it arrives, so one
 * VF's save overlaps the load of the one before. The overlap is calibrated on Szmigiero's QEMU 10.0
 * measurements with CX-7 VFs at 100 GbE (cover letter "Multifd device state transfer support with
 * VFIO consumer", v3, 2024-11-17; 25th-percentile downtimes): 1 VF 487 -> 366 ms (x0.75), 2 VFs 859
 * -> 556 ms (x0.65), 4 VFs 1900 -> 1095 ms (x0.58). The device part of the downtime, sum over VFs
 * of (save + final load), becomes {@value #MULTIFD_SERIAL_SHARE} x that sum + {@value
 * #MULTIFD_TAIL_SHARE} x the largest VF's: x0.75 for one VF, x0.63 for two, x0.58 for four.
 *
 * <p><b>Sharing the link.</b> Concurrent migrations over the same link split it evenly: the caller
 * gives each its share ({@link #shareLink}).
 *
 * <p>docs/lab-model.md lists every constant with its source (a published figure, or "assumed") and
 * the equations.
 *
 * <p>While the link is down nothing crosses it: the migration stalls (the guest keeps dirtying
 * memory) and resumes when the link returns. A suspended guest (virsh's {@code --timeout}, or a
 * migration without {@code --live}) dirties nothing.
 *
 * <p>Over 300 lines: it is one equation set (pre-copy passes, the downtime limit, switchover with
 * and without switchover-ack, multifd channels, a shared link); splitting it would scatter the
 * calibration constants that docs/lab-model.md lists one by one.
 */
public final class MigrationModel {
  static final long PREPARE_MS = 200;
  static final long SETUP_MS = 12;
  static final long MIN_PASS_MS = 50;
  static final long FINAL_LOAD_MS_PER_VF = 100;
  static final long STOP_RESUME_MS = 5;
  public static final long DEFAULT_DOWNTIME_LIMIT_MS = 300;
  public static final long PAGE_SIZE = 4096;

  /** What one migration channel moves at most, bytes/s: 8 of them fill 100 Gbit/s. */
  static final long CHANNEL_BYTES_PER_SECOND = 1_562_500_000L;

  /** Multifd device state: the share of each VF's save + load that stays serial. */
  static final double MULTIFD_SERIAL_SHARE = 0.518;

  /** Multifd device state: the share of the largest VF's save + load paid once more. */
  static final double MULTIFD_TAIL_SHARE = 0.232;

  private static final double EPSILON = 1e-6;

  /** Where the migration is. */
  enum Phase {
    PREPARE,
    SETUP,
    ACTIVE,
    SWITCHOVER_TRANSFER,
    SWITCHOVER_DEVICE,
    COMPLETED
  }

  /** One VF's migration cost. */
  record Device(
      String pci, long precopyBytes, long stopcopyBytes, long saveTimeMs, long loadTimeMs) {}

  /**
   * What the migration runs with.
   *
   * @param memoryBytes guest RAM
   * @param dirtyBytesPerSecond how fast the running guest dirties RAM
   * @param bandwidthBytesPerSecond the migration link
   * @param devices the VFs whose state migrates
   * @param switchoverAck true when the source waits for the destination's ack
   * @param downtimeLimitMs QEMU's downtime-limit
   * @param live false for a migration without {@code --live}: the guest is paused throughout
   * @param multifdChannels multifd channels ({@code --parallel}); 0 for the main channel alone
   * @param deviceStateOverMultifd true when the VFs' state travels over the multifd channels
   * @param channelBytesPerSecond what one channel moves at most; 0: as much as the link
   */
  public record Settings(
      long memoryBytes,
      long dirtyBytesPerSecond,
      long bandwidthBytesPerSecond,
      List<Device> devices,
      boolean switchoverAck,
      long downtimeLimitMs,
      boolean live,
      int multifdChannels,
      boolean deviceStateOverMultifd,
      long channelBytesPerSecond) {
    public Settings {
      devices = List.copyOf(devices);
    }

    /** Without multifd: everything on the main channel. */
    Settings(
        long memoryBytes,
        long dirtyBytesPerSecond,
        long bandwidthBytesPerSecond,
        List<Device> devices,
        boolean switchoverAck,
        long downtimeLimitMs,
        boolean live) {
      this(
          memoryBytes,
          dirtyBytesPerSecond,
          bandwidthBytesPerSecond,
          devices,
          switchoverAck,
          downtimeLimitMs,
          live,
          0,
          false,
          0);
    }

    /** What the migration can move per second: the link, or fewer channels than fill it. */
    long effectiveBytesPerSecond() {
      if (channelBytesPerSecond <= 0) {
        return bandwidthBytesPerSecond;
      }
      long channels = Math.max(1, multifdChannels);
      return Math.min(bandwidthBytesPerSecond, channels * channelBytesPerSecond);
    }
  }

  private final MigrationModelSpec s;
  private final Settings settings;
  private final double bytesPerMs;
  private final double dirtyPerMs;
  private final double stopcopyTotal;

  /** A migration about to start. */
  MigrationModel(Settings settings) {
    this(fresh(settings));
  }

  /**
   * The model over its persisted state: advancing it changes {@code spec}, so a migration goes on
   * in whichever vfmigrate process advances the lab's clock.
   */
  MigrationModel(MigrationModelSpec spec) {
    this.s = spec;
    this.settings = settingsOf(spec);
    this.bytesPerMs =
        Math.max(
                1,
                spec.sharedBytesPerSecond > 0
                    ? Math.min(spec.sharedBytesPerSecond, settings.effectiveBytesPerSecond())
                    : settings.effectiveBytesPerSecond())
            / 1000.0;
    this.dirtyPerMs = settings.dirtyBytesPerSecond() / 1000.0;
    this.stopcopyTotal = settings.devices().stream().mapToLong(Device::stopcopyBytes).sum();
  }

  /** The persisted state of a migration about to start with {@code settings}. */
  static MigrationModelSpec fresh(Settings settings) {
    MigrationModelSpec spec = new MigrationModelSpec();
    spec.memoryBytes = settings.memoryBytes();
    spec.dirtyBytesPerSecond = settings.dirtyBytesPerSecond();
    spec.bandwidthBytesPerSecond = settings.bandwidthBytesPerSecond();
    for (Device device : settings.devices()) {
      MigrationModelSpec.Device d = new MigrationModelSpec.Device();
      d.pci = device.pci();
      d.precopyBytes = device.precopyBytes();
      d.stopcopyBytes = device.stopcopyBytes();
      d.saveTimeMs = device.saveTimeMs();
      d.loadTimeMs = device.loadTimeMs();
      spec.devices.add(d);
    }
    spec.switchoverAck = settings.switchoverAck();
    spec.live = settings.live();
    spec.multifdChannels = settings.multifdChannels();
    spec.deviceStateOverMultifd = settings.deviceStateOverMultifd();
    spec.channelBytesPerSecond = settings.channelBytesPerSecond();
    spec.downtimeLimitMs = settings.downtimeLimitMs();
    spec.phase = Phase.PREPARE.name();
    spec.phaseLeft = PREPARE_MS;
    spec.guestStopped = !settings.live();
    return spec;
  }

  private static Settings settingsOf(MigrationModelSpec spec) {
    List<Device> devices = new ArrayList<>();
    for (MigrationModelSpec.Device d : spec.devices) {
      devices.add(new Device(d.pci, d.precopyBytes, d.stopcopyBytes, d.saveTimeMs, d.loadTimeMs));
    }
    return new Settings(
        spec.memoryBytes,
        spec.dirtyBytesPerSecond,
        spec.bandwidthBytesPerSecond,
        devices,
        spec.switchoverAck,
        spec.downtimeLimitMs,
        spec.live,
        spec.multifdChannels,
        spec.deviceStateOverMultifd,
        spec.channelBytesPerSecond);
  }

  /**
   * Gives this migration its share of a link that {@code migrations} migrations use at once (the
   * next model made over the spec moves at that rate); 1 gives it the whole link back.
   */
  static void shareLink(MigrationModelSpec spec, int migrations) {
    if (spec == null) {
      return;
    }
    spec.sharedBytesPerSecond = migrations <= 1 ? 0 : spec.bandwidthBytesPerSecond / migrations;
  }

  /** True while the migration moves data over the link (it iterates, or sends the final state). */
  static boolean movesData(MigrationModelSpec spec) {
    return spec != null
        && (Phase.ACTIVE.name().equals(spec.phase)
            || Phase.SWITCHOVER_TRANSFER.name().equals(spec.phase));
  }

  /** QEMU's downtime-limit applies from the next switchover decision on. */
  public void setDowntimeLimitMs(long limit) {
    s.downtimeLimitMs = limit;
  }

  long downtimeLimitMs() {
    return s.downtimeLimitMs;
  }

  public Settings settings() {
    return settings;
  }

  private Phase phaseNow() {
    return Phase.valueOf(s.phase);
  }

  private void phase(Phase phase) {
    s.phase = phase.name();
  }

  /** Moves the migration {@code ms} milliseconds on; nothing crosses a link that is down. */
  void advance(double ms, boolean linkUp) {
    double left = ms;
    s.sentInLastAdvance = 0;
    s.lastAdvanceMs = ms;
    int instantSteps = 0;
    while (left > EPSILON && phaseNow() != Phase.COMPLETED) {
      Phase phase = phaseNow();
      double used =
          switch (phase) {
            case PREPARE, SETUP, SWITCHOVER_DEVICE -> timed(left);
            case ACTIVE -> active(left, linkUp);
            case SWITCHOVER_TRANSFER -> transfer(left, linkUp);
            case COMPLETED -> left;
          };
      left -= used;
      instantSteps = used > 0 ? 0 : instantSteps + 1;
      if (instantSteps > 1000) {
        throw new IllegalStateException("the migration model does not progress in " + phase);
      }
    }
  }

  /** Stops the guest (virsh's {@code --timeout} suspends it): it dirties no more memory. */
  void suspendGuest() {
    s.guestStopped = true;
  }

  private double timed(double left) {
    double used = Math.min(left, s.phaseLeft);
    s.phaseLeft -= used;
    dirty(used);
    s.now += used;
    if (s.phaseLeft <= EPSILON) {
      Phase phase = phaseNow();
      switch (phase) {
        case PREPARE -> {
          phase(Phase.SETUP);
          s.phaseLeft = SETUP_MS;
          s.qemuStartMs = s.now;
        }
        case SETUP -> startIterating();
        case SWITCHOVER_DEVICE -> {
          phase(Phase.COMPLETED);
          s.completedMs = s.now;
        }
        default -> throw new IllegalStateException(phase.toString());
      }
    }
    return used;
  }

  private void startIterating() {
    phase(Phase.ACTIVE);
    s.syncCount = 1;
    s.lastSyncMs = s.now;
    s.passTotal = settings.memoryBytes();
    s.passSent = 0;
    s.bytesAtLastSync = s.passTotal;
    s.precopyTotal = settings.devices().stream().mapToLong(Device::precopyBytes).sum();
    s.dirtied = 0;
    s.dirtiedSinceSync = 0;
  }

  private double active(double left, boolean linkUp) {
    double ramLeft = s.passTotal - s.passSent;
    double deviceLeft = s.precopyTotal - s.precopySent;
    if (ramLeft + deviceLeft <= EPSILON) {
      double earliest = s.lastSyncMs + MIN_PASS_MS;
      if (s.now < earliest - EPSILON) {
        double wait = Math.min(left, earliest - s.now);
        dirty(wait);
        s.now += wait;
        return wait;
      }
      sync();
      return 0;
    }
    if (!linkUp) {
      dirty(left);
      s.now += left;
      return left;
    }
    double bytesLeft = ramLeft + deviceLeft;
    double finish = bytesLeft / bytesPerMs;
    double used = Math.min(left, finish);
    double bytes = used >= finish ? bytesLeft : used * bytesPerMs;
    double ram = bytes * ramLeft / bytesLeft;
    double device = bytes - ram;
    s.passSent += ram;
    s.precopySent += device;
    s.ramTransferred += ram;
    s.precopyRamBytes += ram;
    s.vfioTransferred += device;
    s.sentInLastAdvance += bytes;
    dirty(used);
    s.now += used;
    if (s.precopyDoneMs == null && s.precopySent >= s.precopyTotal - EPSILON) {
      s.precopyDoneMs = s.now;
    }
    return used;
  }

  /** QEMU's bitmap sync at the end of a pass, and its switchover decision. */
  private void sync() {
    double period = Math.max(EPSILON, s.now - s.lastSyncMs);
    s.dirtyPagesRate = s.dirtiedSinceSync / PAGE_SIZE / (period / 1000.0);
    double remaining = Math.min(settings.memoryBytes(), s.dirtied);
    s.dirtied = 0;
    s.dirtiedSinceSync = 0;
    s.syncCount++;
    s.lastSyncMs = s.now;
    s.bytesAtLastSync = remaining;
    boolean fits = (remaining + stopcopyTotal) / bytesPerMs <= s.downtimeLimitMs;
    if (fits && acknowledged()) {
      phase(Phase.SWITCHOVER_TRANSFER);
      s.switchoverMs = s.now;
      s.guestStopped = true;
      s.downRamLeft = remaining;
      s.downDeviceLeft = stopcopyTotal;
    } else {
      s.passTotal = remaining;
      s.passSent = 0;
    }
  }

  /** Without switchover-ack, or once the destination loaded every VF's initial bytes. */
  private boolean acknowledged() {
    if (!settings.switchoverAck() || settings.devices().isEmpty()) {
      return true;
    }
    return s.precopyDoneMs != null && s.now >= s.precopyDoneMs + maxLoadTimeMs() - EPSILON;
  }

  private long maxLoadTimeMs() {
    return settings.devices().stream().mapToLong(Device::loadTimeMs).max().orElse(0);
  }

  private double transfer(double left, boolean linkUp) {
    if (!linkUp) {
      s.now += left;
      return left;
    }
    double bytesLeft = s.downRamLeft + s.downDeviceLeft;
    double finish = bytesLeft / bytesPerMs;
    double used = Math.min(left, finish);
    double bytes = used >= finish ? bytesLeft : used * bytesPerMs;
    double ram = Math.min(s.downRamLeft, bytes);
    double device = Math.min(s.downDeviceLeft, bytes - ram);
    s.downRamLeft -= ram;
    s.downDeviceLeft -= device;
    s.ramTransferred += ram;
    s.downtimeRamBytes += ram;
    s.vfioTransferred += device;
    s.sentInLastAdvance += bytes;
    s.now += used;
    if (used >= finish) {
      s.downRamLeft = 0;
      s.downDeviceLeft = 0;
      phase(Phase.SWITCHOVER_DEVICE);
      s.phaseLeft = fixedDowntimeMs();
    }
    return used;
  }

  /** The part of the downtime that does not depend on the link. */
  long fixedDowntimeMs() {
    long total = STOP_RESUME_MS;
    long devices = 0;
    long largest = 0;
    for (Device device : settings.devices()) {
      long one = device.saveTimeMs() + FINAL_LOAD_MS_PER_VF;
      devices += one;
      largest = Math.max(largest, one);
      if (!settings.switchoverAck()) {
        total += device.loadTimeMs();
      }
    }
    if (settings.deviceStateOverMultifd() && !settings.devices().isEmpty()) {
      return total + Math.round(MULTIFD_SERIAL_SHARE * devices + MULTIFD_TAIL_SHARE * largest);
    }
    return total + devices;
  }

  private void dirty(double ms) {
    if (s.guestStopped) {
      return;
    }
    double bytes = dirtyPerMs * ms;
    s.dirtied = Math.min(settings.memoryBytes(), s.dirtied + bytes);
    s.dirtiedSinceSync += bytes;
  }

  Phase phase() {
    return phaseNow();
  }

  boolean completed() {
    return phaseNow() == Phase.COMPLETED;
  }

  /** True once the guest stopped for the switchover. */
  boolean switchedOver() {
    return s.switchoverMs != null;
  }

  boolean guestStopped() {
    return s.guestStopped;
  }

  /** QEMU's MigrationStatus; empty before QEMU's migrate command ran. */
  public String qemuStatus() {
    return switch (phaseNow()) {
      case PREPARE -> "none";
      case SETUP -> "setup";
      case ACTIVE -> "active";
      case SWITCHOVER_TRANSFER, SWITCHOVER_DEVICE -> "device";
      case COMPLETED -> "completed";
    };
  }

  /** True once QEMU reports RAM statistics (after setup). */
  public boolean hasRamStats() {
    return phaseNow().compareTo(Phase.ACTIVE) >= 0;
  }

  /** True once QEMU's migrate command ran (after libvirt's Begin and Prepare). */
  boolean qemuStarted() {
    return s.qemuStartMs != null;
  }

  double elapsedMs() {
    return s.now;
  }

  /** QEMU's total-time: from its migrate command to now or to completion. */
  public long totalTimeMs() {
    if (s.qemuStartMs == null) {
      return 0;
    }
    double end = s.completedMs == null ? s.now : s.completedMs;
    return Math.round(end - s.qemuStartMs);
  }

  public long setupTimeMs() {
    return phaseNow().compareTo(Phase.ACTIVE) >= 0 ? SETUP_MS : 0;
  }

  public long ramTotal() {
    return settings.memoryBytes();
  }

  public long ramTransferred() {
    return Math.round(s.ramTransferred);
  }

  /** QEMU's ram.remaining: the dirty pages not yet sent since the last sync. */
  public long ramRemaining() {
    return switch (phaseNow()) {
      case ACTIVE -> {
        double left = s.passTotal - s.passSent;
        // A finished pass waiting for its sync: QEMU's exact estimate already counts what the
        // guest dirtied since the last sync.
        yield Math.round(left > EPSILON ? left : Math.min(settings.memoryBytes(), s.dirtied));
      }
      case SWITCHOVER_TRANSFER -> Math.round(s.downRamLeft);
      default -> 0;
    };
  }

  public long vfioTransferred() {
    return Math.round(s.vfioTransferred);
  }

  public long precopyRamBytes() {
    return Math.round(s.precopyRamBytes);
  }

  public long downtimeRamBytes() {
    return Math.round(s.downtimeRamBytes);
  }

  public long dirtySyncCount() {
    return s.syncCount;
  }

  /** QEMU's dirty-pages-rate, measured over the last full pass (0 until the second sync). */
  public long dirtyPagesRate() {
    return s.syncCount >= 2 ? Math.round(s.dirtyPagesRate) : 0;
  }

  /** QEMU's mbps: the recent throughput while active, the average once completed. */
  public double mbps() {
    if (completed()) {
      double transferMs = totalTimeMs() - SETUP_MS;
      return transferMs <= 0
          ? 0
          : (s.ramTransferred + s.vfioTransferred) * 8.0 / transferMs / 1000.0;
    }
    return bytesPerSecondLately() * 8.0 / 1_000_000.0;
  }

  /** QEMU's pages-per-second over the last step. */
  public long pagesPerSecond() {
    return Math.round(bytesPerSecondLately() / PAGE_SIZE);
  }

  /** What crossed the link during the last step, per second (QEMU measures ~100 ms windows). */
  private double bytesPerSecondLately() {
    return s.lastAdvanceMs <= 0 ? 0 : s.sentInLastAdvance / s.lastAdvanceMs * 1000.0;
  }

  /** QEMU's expected-downtime: what the last sync left, over the bandwidth. */
  public long expectedDowntimeMs() {
    return Math.round(s.bytesAtLastSync / bytesPerMs);
  }

  /** The measured downtime: from the guest's stop to its resume on the destination. */
  long downtimeMs() {
    if (s.switchoverMs == null) {
      return 0;
    }
    double end = s.completedMs == null ? s.now : s.completedMs;
    return Math.round(end - s.switchoverMs);
  }
}
