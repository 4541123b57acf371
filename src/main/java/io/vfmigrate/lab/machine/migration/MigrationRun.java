package io.vfmigrate.lab.machine.migration;

import io.vfmigrate.host.Command;
import io.vfmigrate.lab.machine.VirshVersions;
import io.vfmigrate.lab.state.CommandResultSpec;
import io.vfmigrate.lab.state.DeviceStateSpec;
import io.vfmigrate.lab.state.FaultSpec;
import io.vfmigrate.lab.state.HostSpec;
import io.vfmigrate.lab.state.JobSpec;
import io.vfmigrate.lab.state.LabSpec;
import io.vfmigrate.lab.state.MigrationSpec;
import io.vfmigrate.lab.state.OwnerSpec;
import io.vfmigrate.lab.state.VmSpec;
import io.vfmigrate.lab.tools.virsh.MigrationCommands;
import io.vfmigrate.lab.tools.virsh.MigrationRequest;
import io.vfmigrate.lab.tools.virsh.VirshCommandLine;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * One {@code virsh migrate} as the lab's state holds it ({@link MigrationSpec}), for the length of
 * one lab operation: the {@link MigrationModel} advanced by the clock, libvirt's phases around it,
 * the job that {@code domjobinfo}, {@code query-migrate} and {@code domjobabort} see, and what
 * virsh prints. Nothing is kept between operations but the spec, so the migration goes on in
 * whichever vfmigrate process advances the lab's clock.
 *
 * <p>Phases (virsh drives a non-peer-to-peer migration through libvirt's v3 protocol): {@code
 * begin} is Begin on the source and Prepare on the destination (the incoming domain exists, paused;
 * {@value MigrationModel#PREPARE_MS} ms); {@code perform} is QEMU's transfer until it completes,
 * after which the source domain is paused and the incoming one still paused; {@code finish} is the
 * destination's Finish ({@value #FINISH_MS} ms: QEMU's incoming side is done, the definition is
 * saved, the vCPUs start), after which the destination runs; {@code confirm} is the source's
 * Confirm ({@value #CONFIRM_MS} ms: the source QEMU is stopped and its VF reattached to mlx5_core),
 * after which the source's copy is gone and virsh exits.
 *
 * <p>virsh's output (tools/virsh-domain.c virshWatchJob and virshPrintJobProgress): with {@code
 * --verbose} it polls the job every 500 ms and, once libvirt reports data, writes {@code "\r%s:
 * [%5.2f %%]"} (libvirt 9.1 and later; {@code "\r%s: [%3d %%]"} before) to stderr: 100 - remaining
 * * 100 / total of libvirt's Data figures, truncated to two decimals, capped at 99.99 while
 * running, and {@code Migration: [100.00 %]} once the job succeeded. No newline follows on stderr;
 * the newline a terminal shows is virsh's empty line on stdout. A failure's {@code error:} line
 * follows the last progress text directly, as vshError writes it.
 *
 * <p>Over 300 lines: libvirt's four phases of one migration, the job they expose and virsh's
 * progress output are one state machine over one MigrationSpec.
 */
public final class MigrationRun {
  public static final String BEGIN = "begin";
  public static final String PERFORM = "perform";
  public static final String FINISH = "finish";
  public static final String CONFIRM = "confirm";
  public static final String ENDED = "ended";

  /**
   * The destination's Finish phase. Lab choice: short enough to leave the calibrated downtime of
   * the model alone (its figure is what the job statistics report), long enough that instants
   * inside the phase exist for a kill test.
   */
  public static final long FINISH_MS = 200;

  /**
   * The source's Confirm phase: stopping the source QEMU and reattaching its VF to mlx5_core (a
   * driver probe, the slow part). Lab choice, as {@link #FINISH_MS}.
   */
  public static final long CONFIRM_MS = 300;

  public static final int KILLED = 143;
  private static final long POLL_MS = 500;
  private static final long CLOCK_DELTA_MS = 3;

  private final LabSpec lab;
  private final MigrationSpec m;
  private final MigrationModel model;
  private final MigrationRequest request;
  private final boolean quiet;

  public MigrationRun(LabSpec lab, MigrationSpec migration) {
    this.lab = lab;
    this.m = migration;
    this.model = new MigrationModel(migration.model);
    try {
      MigrationCommands.Invocation invocation = MigrationCommands.Invocation.parse(migration.argv);
      this.request = MigrationRequest.parse(invocation.args());
      this.quiet = invocation.quiet();
    } catch (VirshCommandLine.UsageException e) {
      throw new IllegalStateException("a running migration's argv does not parse: " + m.argv, e);
    }
  }

  /** Starts the planned migration: the destination's Prepare runs at once. */
  public static MigrationSpec start(MigrationPlan plan, Command command, OwnerSpec owner) {
    LabSpec lab = plan.source().lab();
    MigrationSpec m = new MigrationSpec();
    String id = plan.vm().name + "@" + plan.source().hostName() + "-" + lab.clockMs;
    String unique = id;
    for (int n = 2; RunningMigrations.byId(lab, unique).isPresent(); n++) {
      unique = id + "-" + n;
    }
    m.id = unique;
    m.vm = plan.vm().name;
    m.source = plan.source().hostName();
    m.destination = plan.destination().hostName();
    m.incoming = plan.request().destinationName();
    m.argv = new ArrayList<>(command.argv());
    m.startedAtMs = lab.clockMs;
    m.model = MigrationModel.fresh(settings(plan));
    m.owner = owner;
    MigrationHandover.prepare(plan, m);
    lab.migrations.add(m);
    return m;
  }

  private static MigrationModel.Settings settings(MigrationPlan plan) {
    MigrationRequest request = plan.request();
    long bandwidth = MigrationUnits.bandwidth(plan.source().lab());
    if (request.bandwidthMiBs() > 0) {
      bandwidth = Math.min(bandwidth, request.bandwidthMiBs() << 20);
    }
    // switchover-ack exists from QEMU 8.1 and needs both sides; multifd device state from 10.0.
    HostSpec src = plan.source().host();
    HostSpec dst = plan.destination().host();
    boolean ack =
        !plan.vfs().isEmpty()
            && !request.tunnelled()
            && VirshVersions.qemuAtLeast(src, 8, 1)
            && VirshVersions.qemuAtLeast(dst, 8, 1);
    // libvirt leaves multifd-channels at QEMU's default of 2 unless --parallel-connections.
    int channels =
        request.parallel()
            ? (request.parallelConnections() > 0 ? request.parallelConnections() : 2)
            : 0;
    boolean deviceStateOverMultifd =
        channels > 0
            && VirshVersions.qemuAtLeast(src, 10, 0)
            && VirshVersions.qemuAtLeast(dst, 10, 0);
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
    Long limit = plan.vm().maxDowntimeMs;
    return new MigrationModel.Settings(
        MigrationUnits.bytes(plan.vm().memory),
        MigrationUnits.bandwidthOf(plan.vm().dirtyRate),
        bandwidth,
        devices,
        ack,
        limit == null ? MigrationModel.DEFAULT_DOWNTIME_LIMIT_MS : limit,
        request.live(),
        channels,
        deviceStateOverMultifd,
        plan.source().lab().link.channelBandwidth == null
            ? 0
            : MigrationUnits.bandwidthOf(plan.source().lab().link.channelBandwidth));
  }

  public MigrationSpec spec() {
    return m;
  }

  public MigrationModel model() {
    return model;
  }

  public MigrationRequest request() {
    return request;
  }

  public HostSpec sourceHost() {
    return lab.hosts.get(m.source);
  }

  public HostSpec destinationHost() {
    return lab.hosts.get(m.destination);
  }

  public Optional<VmSpec> sourceVm() {
    return domain(sourceHost(), m.vm);
  }

  public Optional<VmSpec> incomingVm() {
    return domain(destinationHost(), m.incoming);
  }

  private static Optional<VmSpec> domain(HostSpec host, String name) {
    return host == null
        ? Optional.empty()
        : host.vms.stream().filter(vm -> vm.name.equals(name)).findFirst();
  }

  // ---- time -----------------------------------------------------------------------------------

  /** Moves the migration {@code ms} on through its phases; virsh exits at the end of Confirm. */
  public void tick(long ms, Consumer<MigrationSpec> killClient) {
    if (m.result != null) {
      return;
    }
    m.elapsedMs += ms;
    if (m.incomingGone) {
      if (lab.link.up) {
        peerReset();
      } else {
        model.advance(ms, false);
      }
      return;
    }
    double left = ms;
    if (BEGIN.equals(m.phase) || PERFORM.equals(m.phase)) {
      left = transfer(ms);
      if (m.result != null) {
        return;
      }
    }
    if (FINISH.equals(m.phase) && left > 0) {
      left = inPhase(left, FINISH_MS);
      if (left >= 0) {
        MigrationHandover.finished(this, destinationJob());
        m.phase = CONFIRM;
        m.phaseElapsedMs = 0;
      }
    }
    if (CONFIRM.equals(m.phase) && left > 0) {
      left = inPhase(left, CONFIRM_MS);
      if (left >= 0) {
        MigrationHandover.confirmed(this, sourceJob());
        // virsh's polls before the call returned; at the return it prints its last line.
        poll(m.elapsedMs - left, false);
        succeed();
        return;
      }
    }
    poll(m.elapsedMs, true);
    watchFaults(killClient);
  }

  /** QEMU's part: returns the time left over once QEMU completed, else -1. */
  private double transfer(long ms) {
    double before = model.elapsedMs();
    model.advance(ms, lab.link.up);
    int timeout = request.timeoutSeconds();
    if (timeout > 0 && !m.timedOut && m.elapsedMs >= timeout * 1000L && !model.switchedOver()) {
      // virsh's --timeout (default action suspend): the guest stops and the rest goes offline.
      m.timedOut = true;
      model.suspendGuest();
    }
    sourceVm()
        .filter(MigrationDomains::active)
        .ifPresent(
            vm -> {
              if (model.guestStopped()) {
                MigrationDomains.state(vm, "paused", "migrating");
              } else if (!"running".equals(vm.state)) {
                MigrationDomains.state(vm, "running", null);
              }
            });
    if (model.qemuStarted()) {
      m.phase = PERFORM;
    }
    m.phaseElapsedMs =
        PERFORM.equals(m.phase) ? model.elapsedMs() - MigrationModel.PREPARE_MS : model.elapsedMs();
    if (!model.completed()) {
      if (model.hasRamStats() && model.ramTotal() > 0) {
        MigrationFaults.duringTransfer(
            this, 100.0 - model.ramRemaining() * 100.0 / model.ramTotal());
      }
      return -1;
    }
    if (MigrationFaults.atSwitchover(this)) {
      return -1;
    }
    // QEMU completed: Perform is over (libvirt's PERFORM3_DONE); the source stays paused.
    m.phase = FINISH;
    m.phaseElapsedMs = 0;
    return ms - (model.elapsedMs() - before);
  }

  /** Spends {@code time} in a phase of {@code length}; what is left once it is over, else -1. */
  private double inPhase(double time, long length) {
    m.phaseElapsedMs += time;
    if (m.phaseElapsedMs < length) {
      return -1;
    }
    return m.phaseElapsedMs - length;
  }

  /** virsh's progress line every 500 ms up to {@code until}, once libvirt reports RAM figures. */
  private void poll(double until, boolean inclusive) {
    while (inclusive ? m.nextPollMs <= until : m.nextPollMs < until) {
      m.nextPollMs += POLL_MS;
      if (request.verbose() && model.hasRamStats()) {
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
    if (MigrationDomains.libvirtAtLeast(sourceHost(), 9, 1)) {
      m.stderr +=
          String.format(Locale.ROOT, "\rMigration: [%5.2f %%]", (int) (progress * 100) / 100.0);
    } else {
      int whole = remaining == 0 ? 100 : Math.min(99, (int) progress);
      m.stderr += String.format(Locale.ROOT, "\rMigration: [%3d %%]", whole);
    }
  }

  /** A {@code kill_client} fault on this migration's phase, once its time into the phase came. */
  private void watchFaults(Consumer<MigrationSpec> killClient) {
    HostSpec source = sourceHost();
    if (source == null || m.result != null) {
      return;
    }
    Iterator<FaultSpec> it = source.faults.iterator();
    while (it.hasNext()) {
      FaultSpec fault = it.next();
      if (fault.killClient
          && m.phase.equals(fault.migrationPhase)
          && m.vm.equals(fault.vm)
          && m.phaseElapsedMs >= fault.afterMs) {
        fault.times--;
        if (fault.times <= 0) {
          it.remove();
        }
        killClient.accept(m);
        return;
      }
    }
  }

  // ---- jobs -----------------------------------------------------------------------------------

  /** The job as libvirt reports it on the source while it runs. */
  public JobSpec liveJob() {
    JobSpec job = snapshot();
    job.type = "Unbounded";
    job.operation = "Outgoing migration";
    return job;
  }

  private JobSpec snapshot() {
    JobSpec job = new JobSpec();
    job.status = model.qemuStatus();
    job.source = m.source;
    job.destination = m.destination;
    job.startedAtMs = m.startedAtMs;
    job.timeElapsedMs = Math.round(model.elapsedMs());
    job.totalTimeMs = model.totalTimeMs();
    job.setupTimeMs = model.setupTimeMs();
    job.downtimeLimitMs = model.downtimeLimitMs();
    job.vfio = !m.vfs.isEmpty();
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

  private JobSpec destinationJob() {
    JobSpec job = completedJob("Incoming migration");
    job.timeElapsedNetMs = job.timeElapsedMs - CLOCK_DELTA_MS;
    if (job.downtimeMs > CLOCK_DELTA_MS) {
      job.downtimeNetMs = job.downtimeMs - CLOCK_DELTA_MS;
    }
    return job;
  }

  private JobSpec sourceJob() {
    return completedJob("Outgoing migration");
  }

  private JobSpec completedJob(String operation) {
    JobSpec job = snapshot();
    job.type = "Completed";
    job.operation = operation;
    job.status = "completed";
    job.memoryRemaining = 0;
    job.downtimeMs = model.downtimeMs();
    job.expectedDowntimeMs = 0;
    return job;
  }

  // ---- endings --------------------------------------------------------------------------------

  /**
   * virsh domjobabort: while QEMU transfers, it cancels and the guest runs on at the source; once
   * QEMU completed, libvirt's migrate_cancel changes nothing.
   */
  public void abort() {
    if (!BEGIN.equals(m.phase) && !PERFORM.equals(m.phase)) {
      return;
    }
    String text =
        MigrationDomains.libvirtAtLeast(sourceHost(), 9, 0)
            // src/qemu/qemu_migration.c qemuMigrationJobCheckStatus (libvirt 9.x, 10.x)
            ? "operation aborted: job 'migration out' canceled by client"
            : "operation aborted: migration out job: canceled by client";
    JobSpec job = endedJob("Cancelled", "cancelled", text);
    MigrationHandover.abandoned(this, Optional.of(job));
    end(1, m.stderr + "error: " + text + "\n");
  }

  /**
   * The migration failed while QEMU transferred or at switchover: the source runs on, the incoming
   * domain is gone, and virsh exits 1 with {@code errorLines} after its progress.
   */
  void fail(Optional<JobSpec> sourceJob, String errorLines) {
    MigrationHandover.abandoned(this, sourceJob);
    end(1, m.stderr + errorLines);
  }

  LabSpec labSpec() {
    return lab;
  }

  JobSpec endedJob(String type, String qemuStatus, String error) {
    JobSpec job = snapshot();
    job.type = type;
    job.operation = "Outgoing migration";
    job.status = qemuStatus;
    job.error = error;
    return job;
  }

  /**
   * The vfmigrate process that runs this virsh killed it: with {@code --p2p} the source's libvirt
   * drives the migration and it carries on; without, libvirt settles it as for a client that went
   * away ({@link #clientGone}). Returns what the killed virsh leaves.
   */
  public CommandResultSpec killedByOwner() {
    CommandResultSpec killed = result(KILLED, "", m.stderr);
    if (m.result == null) {
      clientGone();
    } else {
      lab.migrations.remove(m);
    }
    return killed;
  }

  /**
   * The libvirt client that drives this migration (virsh, inside a vfmigrate process) is gone. With
   * {@code --p2p} the source's libvirtd drives the migration itself, so it carries on to its end
   * and nobody reads the result. Without, libvirt settles it by the phase it was in:
   *
   * <ul>
   *   <li>The destination's incoming domain was started with VIR_QEMU_PROCESS_START_AUTODESTROY in
   *       qemuMigrationDstPrepareActive: a close callback on the client's connection
   *       (qemuProcessAutoDestroy) destroys it when that connection closes, until its Finish phase
   *       removed the callback (qemuMigrationDstComplete). Its VFs go back to how they were.
   *   <li>Begin (qemuMigrationAnyConnectionClosed, QEMU_MIGRATION_PHASE_BEGIN3): the source's job
   *       is dropped; nothing had started.
   *   <li>Perform: qemuMigrationSrcPerformPhase removed the source's close callback for the length
   *       of the Perform call (v11.3.0 src/qemu/qemu_migration.c, virCloseCallbacksDomainRemove
   *       before qemuMigrationSrcPerformNative; the same in v9.0.0 and v10.0.0), and the daemon's
   *       worker thread goes on waiting for QEMU (qemuMigrationSrcWaitForCompletion) whether or not
   *       anyone reads the reply. The source's job therefore runs on until QEMU's stream breaks
   *       against the destroyed incoming QEMU: at once while the migration network is up (the
   *       destination host resets the connection); while it is cut ({@code link_cut}) nothing
   *       reaches the source, so the job stays active, stalled, until the link comes back or {@code
   *       virsh domjobabort} cancels it. Then the job fails and qemuMigrationSrcRestoreDomainState
   *       resumes the guest: it runs on at the source with its VF.
   *   <li>After Perform (QEMU_MIGRATION_PHASE_PERFORM3_DONE, before Confirm):
   *       qemuMigrationAnyConnectionClosed warns that the migration "finished but we don't know if
   *       the domain was successfully started on destination or not" and ends the job without
   *       resuming the source: it stays paused. Before Finish ended the destination's copy is
   *       destroyed as above, so the VM runs nowhere until someone resumes the source; after Finish
   *       it runs on the destination, with the source's paused copy still defined.
   * </ul>
   */
  public void clientGone() {
    if (m.result != null) {
      lab.migrations.remove(m);
      return;
    }
    if (request.p2p()) {
      m.owner = null;
      return;
    }
    switch (m.phase) {
      case BEGIN -> MigrationHandover.incomingDestroyed(this);
      case PERFORM -> {
        MigrationHandover.incomingDestroyed(this);
        m.incomingGone = true;
        m.owner = null;
        if (!lab.link.up) {
          // The source's job runs on, stalled, with nobody to read virsh's result.
          return;
        }
        peerReset();
        return;
      }
      case FINISH -> MigrationHandover.incomingDestroyed(this);
      default -> {
        // Confirm: the destination runs; the source's paused copy stays as it is.
      }
    }
    lab.migrations.remove(m);
  }

  /**
   * QEMU's stream meets the destroyed incoming QEMU: the destination host resets the connection,
   * the job fails and the source runs on.
   */
  void peerReset() {
    // UNCONFIRMED: QEMU's error text for a stream whose peer was killed (io/channel-socket.c
    // "Unable to write to socket" with ECONNRESET); libvirt's wording is
    // qemuMigrationJobCheckStatus's "job '%1$s' failed: %2$s".
    String qemu = "Unable to write to socket: Connection reset by peer";
    JobSpec job =
        endedJob("Failed", "failed", "operation failed: job 'migration out' failed: " + qemu);
    job.qemuError = qemu;
    fail(Optional.of(job), "error: " + job.error + "\n");
  }

  private void succeed() {
    if (request.verbose()) {
      progress(0, 1);
    }
    end(0, m.stderr);
  }

  private void end(int exitCode, String stderr) {
    m.phase = ENDED;
    m.result = result(exitCode, quiet ? "" : "\n", stderr);
    if (m.owner == null) {
      lab.migrations.remove(m);
    }
  }

  private CommandResultSpec result(int exitCode, String stdout, String stderr) {
    CommandResultSpec result = new CommandResultSpec();
    result.exitCode = exitCode;
    result.stdout = stdout;
    result.stderr = stderr;
    result.durationMs = lab.clockMs - m.startedAtMs;
    return result;
  }
}
