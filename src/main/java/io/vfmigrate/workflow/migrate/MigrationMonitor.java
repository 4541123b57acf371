package io.vfmigrate.workflow.migrate;

import io.vfmigrate.host.CommandResult;
import io.vfmigrate.host.HostClock;
import io.vfmigrate.host.RunningCommand;
import io.vfmigrate.model.VfmigrateException;
import io.vfmigrate.tools.virsh.QueryMigrate;
import io.vfmigrate.tools.virsh.Virsh;
import io.vfmigrate.workflow.event.Event;
import io.vfmigrate.workflow.event.EventSink;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Watches a running {@code virsh migrate} until it ends, the timeout passes, the transfer stalls,
 * or the operator cancels. RAM progress comes from QEMU's query-migrate (what domjobinfo also
 * shows); the VF's device-state bytes come from its {@code vfio.transferred}, which libvirt's own
 * statistics leave out.
 *
 * <p>Once QEMU reports the switchover ({@code device}) or its end, the monitor stops sampling and
 * only waits for virsh: on the real lab a query-migrate sent then waited up to 2.5 s behind
 * libvirt's Finish and Confirm phases (they hold the domain's job) and delayed noticing virsh's
 * end.
 *
 * <p>Between two samples it waits on the virsh process itself, at most {@link #POLL}, so a finished
 * migration is noticed at once (in the lab that wait advances the virtual clock). Until it has seen
 * this job in progress, a finished status ({@code completed}, {@code failed}, {@code cancelled}) is
 * not this job's: QEMU keeps reporting the previous migration, e.g. the incoming one that brought
 * the VM here, for a moment after a new one starts.
 */
final class MigrationMonitor {
  static final Duration POLL = Duration.ofSeconds(1);

  /**
   * How soon QEMU is asked again while it still shows no job of this migration (its status is the
   * previous migration's until libvirt sends QEMU's migrate command, some 0.1 s after virsh
   * starts): during the first {@link #POLL} only. On the real lab a whole migration took 0.7-1 s,
   * so a second sample a full second later never saw it running and its switchover-ack was never
   * read.
   */
  static final Duration EARLY_POLL = Duration.ofMillis(200);

  /** query-migrate statuses (QAPI MigrationStatus) of a migration that has not ended. */
  private static final Set<String> IN_PROGRESS =
      Set.of(
          "setup",
          "active",
          "pre-switchover",
          "device",
          "wait-unplug",
          "cancelling",
          "postcopy-active",
          "postcopy-paused",
          "postcopy-recover-setup",
          "postcopy-recover",
          "colo");

  /**
   * Statuses after the guest stopped for the switchover: from then on the monitor only waits for
   * virsh (the final statistics come from {@code domjobinfo --completed}).
   */
  private static final Set<String> SWITCHED_OVER = Set.of("device", "completed");

  /** Statuses of a migration that has ended, this one's or an earlier one's. */
  private static final Set<String> ENDED = Set.of("completed", "failed", "cancelled");

  /** Why the monitor stopped waiting. */
  enum Ending {
    FINISHED,
    TIMED_OUT,
    STALLED,
    CANCELLED
  }

  record Watch(
      Ending ending,
      Optional<CommandResult> result,
      MigrationStats last,
      Duration elapsed,
      Optional<Boolean> switchoverAck) {}

  /** QEMU's switchover-ack as libvirt set it for this job; read once, when the job runs. */
  private Optional<Boolean> switchoverAck = Optional.empty();

  private final Virsh virsh;
  private final String vm;
  private final HostClock clock;
  private final EventSink events;
  private final SwitchoverPolicy policy;
  private final Duration timeout;
  private final Duration stallTimeout;
  private final Cancellation cancellation;
  private final long deviceStateEstimate;

  MigrationMonitor(
      Virsh virsh,
      String vm,
      HostClock clock,
      EventSink events,
      SwitchoverPolicy policy,
      Duration timeout,
      Duration stallTimeout,
      Cancellation cancellation,
      long deviceStateEstimate) {
    this.virsh = virsh;
    this.vm = vm;
    this.clock = clock;
    this.events = events;
    this.policy = policy;
    this.timeout = timeout;
    this.stallTimeout = stallTimeout;
    this.cancellation = cancellation;
    this.deviceStateEstimate = deviceStateEstimate;
  }

  Watch watch(RunningCommand migration) {
    Instant start = clock.now();
    MigrationStats last = MigrationStats.NONE;
    long lastBytes = -1;
    Instant lastMoved = start;
    boolean seenInProgress = false;
    boolean switchedOver = false;
    int samples = 0;
    events.emit(new Event.DowntimeLimit(policy.current().toMillis(), 0, Duration.ZERO));
    while (true) {
      Optional<CommandResult> done = migration.poll();
      Duration elapsed = Duration.between(start, clock.now());
      if (done.isPresent()) {
        return new Watch(Ending.FINISHED, done, last, elapsed, switchoverAck);
      }
      if (cancellation.requested()) {
        return new Watch(Ending.CANCELLED, Optional.empty(), last, elapsed, switchoverAck);
      }
      if (elapsed.compareTo(timeout) > 0) {
        return new Watch(Ending.TIMED_OUT, Optional.empty(), last, elapsed, switchoverAck);
      }
      if (switchedOver) {
        // Past the switchover only libvirt's Finish and Confirm remain; they hold the domain's
        // job, so a query-migrate now waits behind them and only delays noticing virsh's end.
        awaitNextPoll(migration, POLL);
        continue;
      }
      Optional<MigrationStats> answer = sample(last);
      MigrationStats now = answer.orElse(last);
      if (answer.isPresent() && IN_PROGRESS.contains(now.status())) {
        if (!seenInProgress) {
          readSwitchoverAck();
        }
        seenInProgress = true;
      } else if (!seenInProgress && ENDED.contains(now.status())) {
        now = MigrationStats.NONE;
      }
      long moved = now.ramTransferred() + now.deviceStateBytes();
      if (moved != lastBytes) {
        lastBytes = moved;
        lastMoved = clock.now();
      } else if (Duration.between(lastMoved, clock.now()).compareTo(stallTimeout) > 0) {
        return new Watch(Ending.STALLED, Optional.empty(), now, elapsed, switchoverAck);
      }
      boolean toldAlready = !seenInProgress && samples++ > 0;
      last = now;
      if (toldAlready) {
        // Not started yet (QEMU still shows the previous migration): asked again, told once.
        awaitNextPoll(migration, interval(seenInProgress, elapsed));
        continue;
      }
      long device = now.deviceStateBytes();
      long ramDone = Math.max(0, now.ramTotal() - now.ramRemaining());
      events.emit(
          new Event.Progress(
              now.status(),
              ramDone + device,
              now.ramTotal() + Math.max(deviceStateEstimate, device),
              device,
              (long) (now.mbps() * 1_000_000 / 8),
              elapsed,
              now.iterations()));
      raiseDowntimeIfStuck(now, elapsed);
      switchedOver = seenInProgress && SWITCHED_OVER.contains(now.status());
      awaitNextPoll(migration, interval(seenInProgress, elapsed));
    }
  }

  /**
   * {@link #EARLY_POLL} until the job is seen, during the first {@link #POLL}; then {@link #POLL}.
   */
  private static Duration interval(boolean seenInProgress, Duration elapsed) {
    return !seenInProgress && elapsed.compareTo(POLL) < 0 ? EARLY_POLL : POLL;
  }

  /**
   * Waits on the virsh process for at most one poll interval: it returns as soon as virsh ends. A
   * handle that returns early without an end (it cannot wait) is made up for on the clock.
   */
  private void awaitNextPoll(RunningCommand migration, Duration interval) {
    Instant before = clock.now();
    if (migration.waitFor(interval).isPresent()) {
      return;
    }
    Duration waited = Duration.between(before, clock.now());
    if (waited.compareTo(interval) < 0) {
      clock.sleep(interval.minus(waited));
    }
  }

  /** This job's statistics, empty when QEMU could not be asked (the job may have just ended). */
  private Optional<MigrationStats> sample(MigrationStats previous) {
    try {
      QueryMigrate q = virsh.queryMigrate(vm);
      // libvirt's RAM-only domjobinfo is read once, at the end, not at every poll.
      long libvirt = previous.libvirtDataProcessed();
      OptionalLong expected =
          q.expectedDowntime().map(d -> OptionalLong.of(d.toMillis())).orElse(OptionalLong.empty());
      long device = q.vfioTransferred().orElse(previous.deviceStateBytes());
      if (q.ram().isEmpty()) {
        return Optional.of(
            new MigrationStats(
                q.status(),
                previous.ramTransferred(),
                previous.ramRemaining(),
                previous.ramTotal(),
                device,
                previous.iterations(),
                previous.mbps(),
                expected,
                libvirt));
      }
      QueryMigrate.RamStats ram = q.ram().get();
      return Optional.of(
          new MigrationStats(
              q.status(),
              ram.transferred(),
              ram.remaining(),
              ram.total(),
              device,
              ram.dirtySyncCount(),
              ram.mbps(),
              expected,
              libvirt));
    } catch (VfmigrateException e) {
      // The job may end between poll() and this query; the next poll sees the result. An
      // unanswered query says nothing about the job: it is not taken for one in progress.
      return Optional.empty();
    }
  }

  /**
   * Whether QEMU runs this migration with switchover-ack (libvirt sets the capabilities before
   * QEMU's migrate command, so a job in progress shows them): {@code query-migrate-capabilities}.
   */
  private void readSwitchoverAck() {
    try {
      switchoverAck =
          Optional.of(virsh.migrationCapabilities(vm).state("switchover-ack").orElse(false));
    } catch (VfmigrateException e) {
      events.emit(
          new Event.Warning("", "cannot read QEMU's migration capabilities: " + e.getMessage()));
    }
  }

  private void raiseDowntimeIfStuck(MigrationStats now, Duration elapsed) {
    OptionalLong raise = policy.next(now.iterations(), now.expectedDowntimeMs());
    if (raise.isPresent()) {
      try {
        virsh.migrateSetMaxDowntime(vm, raise.getAsLong());
        events.emit(new Event.DowntimeLimit(raise.getAsLong(), now.iterations(), elapsed));
        events.emit(
            new Event.Info(
                "",
                "pre-copy has not converged after "
                    + now.iterations()
                    + " iterations; allowed downtime raised to "
                    + raise.getAsLong()
                    + " ms"));
      } catch (VfmigrateException e) {
        events.emit(new Event.Warning("", "could not raise the downtime limit: " + e.getMessage()));
      }
    }
  }
}
