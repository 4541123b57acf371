package io.vfmigrate.lab.emulator;

import io.vfmigrate.host.Command;
import io.vfmigrate.host.CommandResult;
import io.vfmigrate.host.RunningCommand;
import io.vfmigrate.lab.VirtualClock;
import io.vfmigrate.lab.state.DeviceStateSpec;
import io.vfmigrate.lab.state.JobSpec;
import io.vfmigrate.lab.state.LabSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A running {@code virsh migrate}: the {@link MigrationModel} advanced by the lab's clock, the job
 * that {@code domjobinfo}, {@code query-migrate} and {@code domjobabort} see, and what virsh
 * prints.
 *
 * <p>virsh's output (tools/virsh-domain.c virshWatchJob and virshPrintJobProgress): with {@code
 * --verbose} it polls the job every 500 ms and, once libvirt reports data, writes {@code "\r%s:
 * [%5.2f %%]"} (libvirt 9.1 and later; {@code "\r%s: [%3d %%]"} before) to stderr: 100 - remaining
 * * 100 / total of libvirt's Data figures, truncated to two decimals, capped at 99.99 while
 * running, and {@code Migration: [100.00 %]} once the job succeeded. No newline follows on stderr;
 * the newline a terminal shows is virsh's empty line on stdout. A failure's {@code error:} line
 * follows the last progress text directly, as vshError writes it.
 *
 * <p>Killing virsh ends a non-peer-to-peer migration (the source libvirt cancels the job when the
 * client that drives it disconnects); with {@code --p2p} the source libvirt drives the migration
 * and it carries on.
 */
final class MigrationProcess implements RunningCommand {
  private static final long POLL_MS = 500;
  private static final int KILLED = 143;
  private static final long CLOCK_DELTA_MS = 3;

  private final Command command;
  private final MigrationPlan plan;
  private final MigrationModel model;
  private final MigrationHandover handover;
  private final MigrationRegistry registry;
  private final VirtualClock clock;
  private final LabSpec lab;
  private final boolean quiet;
  private final Instant started;
  private final long startedAtMs;
  private final Consumer<Duration> ticker = this::tick;
  private final StringBuilder stderr = new StringBuilder();

  private long elapsedMs;
  private long nextPollMs = POLL_MS;
  private boolean timedOut;
  private boolean jobOver;
  private CommandResult result;

  private MigrationProcess(
      Command command, MigrationPlan plan, MigrationModel model, boolean quiet) {
    this.command = command;
    this.plan = plan;
    this.model = model;
    this.quiet = quiet;
    this.lab = plan.source().lab();
    this.clock = plan.source().clock();
    this.registry = MigrationRegistry.of(lab);
    this.started = clock.now();
    this.startedAtMs = lab.clockMs;
    this.handover = MigrationHandover.prepare(plan);
  }

  /** Starts the planned migration: it advances whenever the lab's clock does. */
  static MigrationProcess start(Command command, MigrationPlan plan, boolean quiet) {
    MigrationProcess process =
        new MigrationProcess(command, plan, new MigrationModel(settings(plan)), quiet);
    process.registry.add(process);
    process.clock.addTicker(process.ticker);
    return process;
  }

  private static MigrationModel.Settings settings(MigrationPlan plan) {
    MigrationRequest request = plan.request();
    long bandwidth = MigrationUnits.bandwidth(plan.source().lab());
    if (request.bandwidthMiBs() > 0) {
      bandwidth = Math.min(bandwidth, request.bandwidthMiBs() << 20);
    }
    boolean ack = !plan.vfs().isEmpty() && !request.tunnelled();
    List<MigrationModel.Device> devices = new ArrayList<>();
    for (MigrationPlan.VfMove move : plan.vfs()) {
      DeviceStateSpec state = move.from().nic().deviceState;
      ack &= state.switchoverAck;
      devices.add(
          new MigrationModel.Device(
              move.iface().pci,
              MigrationUnits.bytes(state.precopy),
              MigrationUnits.bytes(state.stopcopy),
              state.saveTimeMs,
              state.loadTimeMs));
    }
    return new MigrationModel.Settings(
        MigrationUnits.bytes(plan.vm().memory),
        MigrationUnits.bandwidthOf(plan.vm().dirtyRate),
        bandwidth,
        devices,
        ack,
        downtimeLimit(plan),
        request.live());
  }

  private static long downtimeLimit(MigrationPlan plan) {
    Long limit = plan.vm().maxDowntimeMs;
    return limit == null ? MigrationModel.DEFAULT_DOWNTIME_LIMIT_MS : limit;
  }

  String sourceHost() {
    return plan.source().hostName();
  }

  String destinationHost() {
    return plan.destination().hostName();
  }

  /** The domain's name on the source. */
  String vmName() {
    return plan.vm().name;
  }

  String incomingName() {
    return handover.incomingName();
  }

  boolean jobOver() {
    return jobOver;
  }

  MigrationModel model() {
    return model;
  }

  private void tick(Duration step) {
    if (jobOver) {
      return;
    }
    long ms = step.toMillis();
    model.advance(ms, lab.link.up);
    elapsedMs += ms;
    int timeout = plan.request().timeoutSeconds();
    if (timeout > 0 && !timedOut && elapsedMs >= timeout * 1000L && !model.switchedOver()) {
      // virsh's --timeout (default action suspend): the guest stops and the rest goes offline.
      timedOut = true;
      model.suspendGuest();
    }
    if (MigrationDomains.active(plan.vm())) {
      plan.vm().state = model.guestStopped() ? "paused" : "running";
    }
    if (model.completed()) {
      complete();
      return;
    }
    while (elapsedMs >= nextPollMs) {
      nextPollMs += POLL_MS;
      if (plan.request().verbose() && model.hasRamStats()) {
        progress(model.ramRemaining(), model.ramTotal());
      }
    }
  }

  private void progress(long remaining, long total) {
    if (total <= 0) {
      return;
    }
    double progress = 100.0;
    if (remaining != 0) {
      progress = 100.0 - remaining * 100.0 / total;
      if (progress >= 100.0) {
        progress = 99.99;
      }
    }
    if (MigrationDomains.libvirtAtLeast(plan.source().host(), 9, 1)) {
      stderr.append(
          String.format(Locale.ROOT, "\rMigration: [%5.2f %%]", (int) (progress * 100) / 100.0));
    } else {
      int whole = remaining == 0 ? 100 : Math.min(99, (int) progress);
      stderr.append(String.format(Locale.ROOT, "\rMigration: [%3d %%]", whole));
    }
  }

  /** The job as libvirt reports it on the source while it runs. */
  JobSpec liveJob() {
    JobSpec job = snapshot();
    job.type = "Unbounded";
    job.operation = "Outgoing migration";
    return job;
  }

  private JobSpec snapshot() {
    JobSpec job = new JobSpec();
    job.status = model.qemuStatus();
    job.source = sourceHost();
    job.destination = destinationHost();
    job.startedAtMs = startedAtMs;
    job.timeElapsedMs = Math.round(model.elapsedMs());
    job.totalTimeMs = model.totalTimeMs();
    job.setupTimeMs = model.setupTimeMs();
    job.downtimeLimitMs = model.downtimeLimitMs();
    job.vfio = !plan.vfs().isEmpty();
    if (model.hasRamStats()) {
      job.memoryTotal = model.ramTotal();
      job.memoryProcessed = model.ramTransferred();
      job.memoryRemaining = model.ramRemaining();
      // libvirt's qemuMonitorJSONGetMigrationStatsReply: ram_bps = mbps * (1000 * 1000 / 8)
      job.memoryBps = (long) (model.mbps() * 125_000);
      job.dirtyRatePages = model.dirtyPagesRate();
      job.iteration = model.dirtySyncCount();
      job.normalPages = job.memoryProcessed / MigrationModel.PAGE_SIZE;
      job.normalBytes = job.normalPages * MigrationModel.PAGE_SIZE;
      job.precopyBytes = model.precopyRamBytes();
      job.downtimeBytes = model.downtimeRamBytes();
      job.expectedDowntimeMs = model.expectedDowntimeMs();
      job.vfioBytes = model.vfioTransferred();
    }
    return job;
  }

  /** virsh domjobabort: QEMU cancels, the guest runs on at the source. */
  boolean abort() {
    if (jobOver) {
      return false;
    }
    String text =
        MigrationDomains.libvirtAtLeast(plan.source().host(), 9, 0)
            // src/qemu/qemu_migration.c qemuMigrationJobCheckStatus (libvirt 9.x, 10.x)
            ? "operation aborted: job 'migration out' canceled by client"
            : "operation aborted: migration out job: canceled by client";
    fail("Cancelled", "cancelled", text);
    return true;
  }

  private void fail(String type, String qemuStatus, String error) {
    JobSpec job = snapshot();
    job.type = type;
    job.operation = "Outgoing migration";
    job.status = qemuStatus;
    job.error = error;
    end();
    handover.abandon(job);
    if (result == null) {
      finish(1, stderr + "error: " + error + "\n");
    }
  }

  private void complete() {
    JobSpec destination = snapshot();
    destination.type = "Completed";
    destination.operation = "Incoming migration";
    destination.status = "completed";
    destination.memoryRemaining = 0;
    destination.downtimeMs = model.downtimeMs();
    destination.expectedDowntimeMs = 0;
    destination.timeElapsedNetMs = destination.timeElapsedMs - CLOCK_DELTA_MS;
    if (destination.downtimeMs > CLOCK_DELTA_MS) {
      destination.downtimeNetMs = destination.downtimeMs - CLOCK_DELTA_MS;
    }
    JobSpec source = snapshot();
    source.type = "Completed";
    source.operation = "Outgoing migration";
    source.status = "completed";
    source.memoryRemaining = 0;
    source.downtimeMs = model.downtimeMs();
    source.expectedDowntimeMs = 0;
    end();
    handover.complete(destination, source);
    if (result == null) {
      if (plan.request().verbose()) {
        progress(0, 1);
      }
      finish(0, stderr.toString());
    }
  }

  private void end() {
    jobOver = true;
    clock.removeTicker(ticker);
    registry.remove(this);
  }

  private void finish(int exitCode, String errors) {
    result =
        new CommandResult(
            command, exitCode, quiet ? "" : "\n", errors, Duration.between(started, clock.now()));
  }

  @Override
  public Command command() {
    return command;
  }

  @Override
  public Optional<CommandResult> poll() {
    return Optional.ofNullable(result);
  }

  @Override
  public Optional<CommandResult> waitFor(Duration timeout) {
    long left = timeout.toMillis();
    while (result == null && left > 0) {
      long step = Math.min(100, left);
      clock.advance(Duration.ofMillis(step));
      left -= step;
    }
    return poll();
  }

  @Override
  public void kill() {
    if (result != null) {
      return;
    }
    if (!plan.request().p2p() && !jobOver) {
      // qemuMigrationSrcCleanup: the connection that drove the migration closed; cancel it.
      JobSpec job = snapshot();
      job.type = "Cancelled";
      job.operation = "Outgoing migration";
      job.status = "cancelled";
      end();
      handover.abandon(job);
    }
    result =
        new CommandResult(
            command, KILLED, "", stderr.toString(), Duration.between(started, clock.now()));
  }

  @Override
  public String stderrSoFar() {
    return result != null ? result.stderr() : stderr.toString();
  }
}
