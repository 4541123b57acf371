package io.vfmigrate.lab.emulator;

import java.util.List;

/**
 * Pre-copy live migration as QEMU 8.x runs it for libvirt, advanced in virtual time. Pure
 * arithmetic: no lab state, no clock; {@link MigrationProcess} feeds it time and the link state.
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
 *       sync, as {@code ram_save_iterate} works in 50 ms slices. A dirty rate that reaches the
 *       bandwidth never shrinks the dirty set, so such a guest never converges.
 *   <li><b>Switchover</b> when, at a sync, (remaining RAM + the VFs' stop-copy state) / bandwidth
 *       fits in the downtime limit (QEMU's {@code threshold_size}; default 300 ms) and, with
 *       switchover-ack, the destination has acknowledged: it loads the VFs' initial bytes (the
 *       {@code load_time_ms} resource allocation) after they arrived, and until then QEMU keeps
 *       iterating. QEMU's estimate ignores the device's save and load times, as the real one does.
 *   <li><b>Downtime</b> (status {@code device}, guest stopped): the remaining RAM and the stop-copy
 *       state cross the link, then per VF its save time, {@value #FINAL_LOAD_MS_PER_VF} ms for the
 *       destination to load the final image and restart the function, and (without switchover-ack)
 *       its load time; plus {@value #STOP_RESUME_MS} ms to stop and resume the vCPUs. The two
 *       constants are calibrated on Horon's measurement of one mlx5 VF with 300 MB of device state
 *       (performance.md A1.1): 420 ms with switchover-ack, 1900 ms without. Several VFs add up, as
 *       device state travels on the one main channel before QEMU 10's multifd device state.
 * </ol>
 *
 * <p>While the link is down nothing crosses it: the migration stalls (the guest keeps dirtying
 * memory) and resumes when the link returns. A suspended guest (virsh's {@code --timeout}, or a
 * migration without {@code --live}) dirties nothing.
 */
final class MigrationModel {
  static final long PREPARE_MS = 200;
  static final long SETUP_MS = 12;
  static final long MIN_PASS_MS = 50;
  static final long FINAL_LOAD_MS_PER_VF = 100;
  static final long STOP_RESUME_MS = 5;
  static final long DEFAULT_DOWNTIME_LIMIT_MS = 300;
  static final long PAGE_SIZE = 4096;

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
   */
  record Settings(
      long memoryBytes,
      long dirtyBytesPerSecond,
      long bandwidthBytesPerSecond,
      List<Device> devices,
      boolean switchoverAck,
      long downtimeLimitMs,
      boolean live) {
    Settings {
      devices = List.copyOf(devices);
    }
  }

  private final Settings settings;
  private final double bytesPerMs;
  private final double dirtyPerMs;
  private final double stopcopyTotal;

  private long downtimeLimitMs;
  private Phase phase = Phase.PREPARE;
  private double now;
  private double phaseLeft = PREPARE_MS;
  private double qemuStartMs = Double.NaN;

  private double passTotal;
  private double passSent;
  private double precopyTotal;
  private double precopySent;
  private double precopyDoneMs = Double.NaN;
  private double dirtied;
  private double dirtiedSinceSync;
  private long syncCount;
  private double lastSyncMs;
  private double bytesAtLastSync;
  private double dirtyPagesRate;

  private double ramTransferred;
  private double vfioTransferred;
  private double precopyRamBytes;
  private double downtimeRamBytes;
  private double sentInLastAdvance;
  private double lastAdvanceMs;
  private boolean guestStopped;

  private double switchoverMs = Double.NaN;
  private double downRamLeft;
  private double downDeviceLeft;
  private double completedMs = Double.NaN;

  MigrationModel(Settings settings) {
    this.settings = settings;
    this.bytesPerMs = Math.max(1, settings.bandwidthBytesPerSecond()) / 1000.0;
    this.dirtyPerMs = settings.dirtyBytesPerSecond() / 1000.0;
    this.stopcopyTotal = settings.devices().stream().mapToLong(Device::stopcopyBytes).sum();
    this.guestStopped = !settings.live();
    this.downtimeLimitMs = settings.downtimeLimitMs();
  }

  /** QEMU's downtime-limit applies from the next switchover decision on. */
  void setDowntimeLimitMs(long limit) {
    this.downtimeLimitMs = limit;
  }

  long downtimeLimitMs() {
    return downtimeLimitMs;
  }

  Settings settings() {
    return settings;
  }

  /** Moves the migration {@code ms} milliseconds on; nothing crosses a link that is down. */
  void advance(double ms, boolean linkUp) {
    double left = ms;
    sentInLastAdvance = 0;
    lastAdvanceMs = ms;
    int instantSteps = 0;
    while (left > EPSILON && phase != Phase.COMPLETED) {
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
    guestStopped = true;
  }

  private double timed(double left) {
    double used = Math.min(left, phaseLeft);
    phaseLeft -= used;
    dirty(used);
    now += used;
    if (phaseLeft <= EPSILON) {
      switch (phase) {
        case PREPARE -> {
          phase = Phase.SETUP;
          phaseLeft = SETUP_MS;
          qemuStartMs = now;
        }
        case SETUP -> startIterating();
        case SWITCHOVER_DEVICE -> {
          phase = Phase.COMPLETED;
          completedMs = now;
        }
        default -> throw new IllegalStateException(phase.toString());
      }
    }
    return used;
  }

  private void startIterating() {
    phase = Phase.ACTIVE;
    syncCount = 1;
    lastSyncMs = now;
    passTotal = settings.memoryBytes();
    passSent = 0;
    bytesAtLastSync = passTotal;
    precopyTotal = settings.devices().stream().mapToLong(Device::precopyBytes).sum();
    dirtied = 0;
    dirtiedSinceSync = 0;
  }

  private double active(double left, boolean linkUp) {
    double ramLeft = passTotal - passSent;
    double deviceLeft = precopyTotal - precopySent;
    if (ramLeft + deviceLeft <= EPSILON) {
      double earliest = lastSyncMs + MIN_PASS_MS;
      if (now < earliest - EPSILON) {
        double wait = Math.min(left, earliest - now);
        dirty(wait);
        now += wait;
        return wait;
      }
      sync();
      return 0;
    }
    if (!linkUp) {
      dirty(left);
      now += left;
      return left;
    }
    double bytesLeft = ramLeft + deviceLeft;
    double finish = bytesLeft / bytesPerMs;
    double used = Math.min(left, finish);
    double bytes = used >= finish ? bytesLeft : used * bytesPerMs;
    double ram = bytes * ramLeft / bytesLeft;
    double device = bytes - ram;
    passSent += ram;
    precopySent += device;
    ramTransferred += ram;
    precopyRamBytes += ram;
    vfioTransferred += device;
    sentInLastAdvance += bytes;
    dirty(used);
    now += used;
    if (Double.isNaN(precopyDoneMs) && precopySent >= precopyTotal - EPSILON) {
      precopyDoneMs = now;
    }
    return used;
  }

  /** QEMU's bitmap sync at the end of a pass, and its switchover decision. */
  private void sync() {
    double period = Math.max(EPSILON, now - lastSyncMs);
    dirtyPagesRate = dirtiedSinceSync / PAGE_SIZE / (period / 1000.0);
    double remaining = Math.min(settings.memoryBytes(), dirtied);
    dirtied = 0;
    dirtiedSinceSync = 0;
    syncCount++;
    lastSyncMs = now;
    bytesAtLastSync = remaining;
    boolean fits = (remaining + stopcopyTotal) / bytesPerMs <= downtimeLimitMs;
    if (fits && acknowledged()) {
      phase = Phase.SWITCHOVER_TRANSFER;
      switchoverMs = now;
      guestStopped = true;
      downRamLeft = remaining;
      downDeviceLeft = stopcopyTotal;
    } else {
      passTotal = remaining;
      passSent = 0;
    }
  }

  /** Without switchover-ack, or once the destination loaded every VF's initial bytes. */
  private boolean acknowledged() {
    if (!settings.switchoverAck() || settings.devices().isEmpty()) {
      return true;
    }
    return !Double.isNaN(precopyDoneMs) && now >= precopyDoneMs + maxLoadTimeMs() - EPSILON;
  }

  private long maxLoadTimeMs() {
    return settings.devices().stream().mapToLong(Device::loadTimeMs).max().orElse(0);
  }

  private double transfer(double left, boolean linkUp) {
    if (!linkUp) {
      now += left;
      return left;
    }
    double bytesLeft = downRamLeft + downDeviceLeft;
    double finish = bytesLeft / bytesPerMs;
    double used = Math.min(left, finish);
    double bytes = used >= finish ? bytesLeft : used * bytesPerMs;
    double ram = Math.min(downRamLeft, bytes);
    double device = Math.min(downDeviceLeft, bytes - ram);
    downRamLeft -= ram;
    downDeviceLeft -= device;
    ramTransferred += ram;
    downtimeRamBytes += ram;
    vfioTransferred += device;
    sentInLastAdvance += bytes;
    now += used;
    if (used >= finish) {
      downRamLeft = 0;
      downDeviceLeft = 0;
      phase = Phase.SWITCHOVER_DEVICE;
      phaseLeft = fixedDowntimeMs();
    }
    return used;
  }

  /** The part of the downtime that does not depend on the link. */
  long fixedDowntimeMs() {
    long total = STOP_RESUME_MS;
    for (Device device : settings.devices()) {
      total += device.saveTimeMs() + FINAL_LOAD_MS_PER_VF;
      if (!settings.switchoverAck()) {
        total += device.loadTimeMs();
      }
    }
    return total;
  }

  private void dirty(double ms) {
    if (guestStopped) {
      return;
    }
    double bytes = dirtyPerMs * ms;
    dirtied = Math.min(settings.memoryBytes(), dirtied + bytes);
    dirtiedSinceSync += bytes;
  }

  Phase phase() {
    return phase;
  }

  boolean completed() {
    return phase == Phase.COMPLETED;
  }

  /** True once the guest stopped for the switchover. */
  boolean switchedOver() {
    return !Double.isNaN(switchoverMs);
  }

  boolean guestStopped() {
    return guestStopped;
  }

  /** QEMU's MigrationStatus; empty before QEMU's migrate command ran. */
  String qemuStatus() {
    return switch (phase) {
      case PREPARE -> "none";
      case SETUP -> "setup";
      case ACTIVE -> "active";
      case SWITCHOVER_TRANSFER, SWITCHOVER_DEVICE -> "device";
      case COMPLETED -> "completed";
    };
  }

  /** True once QEMU reports RAM statistics (after setup). */
  boolean hasRamStats() {
    return phase.compareTo(Phase.ACTIVE) >= 0;
  }

  double elapsedMs() {
    return now;
  }

  /** QEMU's total-time: from its migrate command to now or to completion. */
  long totalTimeMs() {
    if (Double.isNaN(qemuStartMs)) {
      return 0;
    }
    double end = Double.isNaN(completedMs) ? now : completedMs;
    return Math.round(end - qemuStartMs);
  }

  long setupTimeMs() {
    return phase.compareTo(Phase.ACTIVE) >= 0 ? SETUP_MS : 0;
  }

  long ramTotal() {
    return settings.memoryBytes();
  }

  long ramTransferred() {
    return Math.round(ramTransferred);
  }

  /** QEMU's ram.remaining: the dirty pages not yet sent since the last sync. */
  long ramRemaining() {
    return switch (phase) {
      case ACTIVE -> {
        double left = passTotal - passSent;
        // A finished pass waiting for its sync: QEMU's exact estimate already counts what the
        // guest dirtied since the last sync.
        yield Math.round(left > EPSILON ? left : Math.min(settings.memoryBytes(), dirtied));
      }
      case SWITCHOVER_TRANSFER -> Math.round(downRamLeft);
      default -> 0;
    };
  }

  long vfioTransferred() {
    return Math.round(vfioTransferred);
  }

  long precopyRamBytes() {
    return Math.round(precopyRamBytes);
  }

  long downtimeRamBytes() {
    return Math.round(downtimeRamBytes);
  }

  long dirtySyncCount() {
    return syncCount;
  }

  /** QEMU's dirty-pages-rate, measured over the last full pass (0 until the second sync). */
  long dirtyPagesRate() {
    return syncCount >= 2 ? Math.round(dirtyPagesRate) : 0;
  }

  /** QEMU's mbps: the recent throughput while active, the average once completed. */
  double mbps() {
    if (phase == Phase.COMPLETED) {
      double transferMs = totalTimeMs() - SETUP_MS;
      return transferMs <= 0 ? 0 : (ramTransferred + vfioTransferred) * 8.0 / transferMs / 1000.0;
    }
    return bytesPerSecondLately() * 8.0 / 1_000_000.0;
  }

  /** QEMU's pages-per-second over the last step. */
  long pagesPerSecond() {
    return Math.round(bytesPerSecondLately() / PAGE_SIZE);
  }

  /** What crossed the link during the last step, per second (QEMU measures ~100 ms windows). */
  private double bytesPerSecondLately() {
    return lastAdvanceMs <= 0 ? 0 : sentInLastAdvance / lastAdvanceMs * 1000.0;
  }

  /** QEMU's expected-downtime: what the last sync left, over the bandwidth. */
  long expectedDowntimeMs() {
    return Math.round(bytesAtLastSync / bytesPerMs);
  }

  /** The measured downtime: from the guest's stop to its resume on the destination. */
  long downtimeMs() {
    if (Double.isNaN(switchoverMs)) {
      return 0;
    }
    double end = Double.isNaN(completedMs) ? now : completedMs;
    return Math.round(end - switchoverMs);
  }
}
