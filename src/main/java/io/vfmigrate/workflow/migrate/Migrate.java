package io.vfmigrate.workflow.migrate;

import io.vfmigrate.host.Fleet;
import io.vfmigrate.model.ByteSize;
import io.vfmigrate.model.DomainXml;
import io.vfmigrate.model.InvalidInputException;
import io.vfmigrate.model.PciAddress;
import io.vfmigrate.model.VfmigrateException;
import io.vfmigrate.tools.virsh.CompletedJob;
import io.vfmigrate.workflow.claims.Claimant;
import io.vfmigrate.workflow.event.Event;
import io.vfmigrate.workflow.event.EventSink;
import io.vfmigrate.workflow.journal.Journal;
import io.vfmigrate.workflow.journal.PredictionRecord;
import io.vfmigrate.workflow.steps.StepFailedException;
import io.vfmigrate.workflow.steps.StepRunner;
import io.vfmigrate.workflow.verify.VerifyReport;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code migrate}: guards, claim a destination VF, rewrite the domain XML for it, run {@code virsh
 * migrate}, monitor it with honest statistics, then release the source VF and verify in the guest.
 * Any failure before switchover aborts the job and confirms the VM still runs on the source with
 * its VF.
 */
public final class Migrate {
  /** Assumed migration bandwidth for the default timeout when the link speed is unknown. */
  static final long ASSUMED_BYTES_PER_SECOND = 10_000_000_000L / 8;

  /** How often the claim is tried again when another run took the chosen VF a moment ago. */
  static final int CLAIM_ATTEMPTS = 5;

  /** A device-state size to show progress against before QEMU reports the real one. */
  static final long DEVICE_STATE_ESTIMATE = 300_000_000L;

  private final Fleet fleet;
  private final EventSink events;
  private final Cancellation cancellation;
  private final StepRunner runner;
  private final Claimant claimant;
  private Runnable transferEnded = () -> {};
  private Optional<GuardHeadStart> headStart = Optional.empty();
  private Optional<Journal> history = Optional.empty();

  public Migrate(Fleet fleet, EventSink events, Cancellation cancellation) {
    this(fleet, cancellation, StepRunner.inMemory(events));
  }

  /** With the claims of the operation {@code claimant} names. */
  public Migrate(Fleet fleet, EventSink events, Cancellation cancellation, Claimant claimant) {
    this(fleet, cancellation, StepRunner.inMemory(events), claimant);
  }

  /** A migration whose steps go through {@code runner} (and so into its journal). */
  public Migrate(Fleet fleet, Cancellation cancellation, StepRunner runner) {
    this(fleet, cancellation, runner, Claimant.forOperation(runner.operation()));
  }

  public Migrate(Fleet fleet, Cancellation cancellation, StepRunner runner, Claimant claimant) {
    this.fleet = fleet;
    this.claimant = claimant;
    this.runner = runner;
    this.events = new SamplingEventSink(runner);
    this.cancellation = cancellation;
  }

  /**
   * Runs {@code listener} once the transfer has ended and its claims (destination VFs, migration
   * slots) are released, before the source VFs are prepared again and the guest verified: from then
   * on the migration holds none of the PFs' 4 slots (an evacuation starts the next one).
   */
  public Migrate whenTransferEnds(Runnable listener) {
    this.transferEnded = listener;
    return this;
  }

  /**
   * The guards' first evaluation uses the reads {@code start} began (see {@link GuardHeadStart}).
   */
  public Migrate withHeadStart(GuardHeadStart start) {
    this.headStart = Optional.of(start);
    return this;
  }

  /**
   * The journal the prediction reads past migrations from when it is not the runner's: a dry run
   * records nothing (its runner's journal is empty), yet predicts from what the journal knows.
   */
  public Migrate withHistory(Journal journal) {
    this.history = Optional.of(journal);
    return this;
  }

  public MigrationResult run(MigrateRequest r) {
    events.emit(
        new Event.StepStarted(
            r.source(), "guards: can " + r.vm() + " migrate to " + r.destination() + "?"));
    for (int attempt = 1; ; attempt++) {
      MigrationGuards.Verdict verdict;
      try {
        Optional<GuardHeadStart.Reading> warmed =
            attempt == 1 ? headStart.flatMap(h -> h.readingOf(fleet)) : Optional.empty();
        verdict = MigrationGuards.evaluate(fleet, r, claimant.liveness(), warmed);
      } catch (InvalidInputException e) {
        throw e;
      } catch (VfmigrateException e) {
        // A tool that fails while the guards ask (a libvirt that is down, a dumpxml that fails)
        // is a reason not to start, in the tool's own words; nothing was changed.
        events.emit(new Event.StepFinished(r.source(), "guards", false));
        return notStarted(
            r, MigrationOutcome.REFUSED, List.of(toolFailed(e)), Map.of(), List.of(), "");
      }
      if (!verdict.refusals().isEmpty()) {
        events.emit(new Event.StepFinished(r.source(), "guards", false));
        return notStarted(r, MigrationOutcome.REFUSED, verdict.refusals(), Map.of(), List.of(), "");
      }
      MigrationContext c =
          new MigrationContext(
              r,
              fleet,
              events,
              cancellation,
              runner,
              verdict,
              claimant,
              r.timeout().orElse(defaultTimeout(verdict)));
      c.parallel = Multifd.from(r, verdict);
      events.emit(
          new Event.Info(
              r.source(),
              c.parallel.channels() > 0
                  ? "multifd: " + c.parallel.channels() + " channels (" + c.parallel.why() + ")"
                  : "one migration channel (" + c.parallel.why() + ")"));
      PredictedTimes predicted = Forecast.predict(c, history.orElse(runner.journal()), r.dryRun());
      c.prediction = Optional.of(predicted);
      if (!r.dryRun()) {
        runner.journal().predicted(runner.operation(), journaled(predicted));
      }
      events.emit(
          new Event.Info(
              r.source(),
              "predicted: total "
                  + predicted.totalMs()
                  + " ms ("
                  + predicted.totalLowMs()
                  + "-"
                  + predicted.totalHighMs()
                  + "), downtime "
                  + predicted.downtimeMs()
                  + " ms ("
                  + predicted.downtimeLowMs()
                  + "-"
                  + predicted.downtimeHighMs()
                  + ")"
                  + (predicted.converges() ? "" : ", pre-copy would not converge")
                  + "; "
                  + predicted.basis()));
      MigrationSteps.Transfer transfer = new MigrationSteps.Transfer(c);
      try {
        // Reading the XML for migration changes nothing: a failure is a refusal, not a rollback.
        MigrationSteps.RewriteXml.compute(c);
      } catch (InvalidInputException e) {
        throw e;
      } catch (VfmigrateException e) {
        events.emit(new Event.StepFinished(r.source(), "guards", false));
        return notStarted(
            r,
            MigrationOutcome.REFUSED,
            List.of(toolFailed(e)),
            c.mapping,
            List.of(transfer.command()),
            "");
      }
      if (r.dryRun()) {
        return MigrationResult.builder(r, MigrationOutcome.PLANNED)
            .vfMapping(c.mapping)
            .commands(List.of(transfer.command()))
            .rewrittenXml(c.rewrittenXml)
            .tuning(tuning(c, Optional.empty()))
            .build();
      }
      MigrationSteps.ClaimDestinationVfs claim = new MigrationSteps.ClaimDestinationVfs(c);
      try {
        if (!c.mapping.isEmpty()) {
          runner.apply(r.destination(), claim, c);
        }
      } catch (StepFailedException e) {
        if (e.failure() instanceof MigrationSteps.ClaimTaken taken) {
          if (taken.refusal().guard().equals("destination-vf") && attempt < CLAIM_ATTEMPTS) {
            // Another run took the VF the guards chose a moment ago: choose again.
            events.emit(new Event.Info(r.destination(), taken.getMessage() + "; choosing again"));
            continue;
          }
          return notStarted(
              r,
              MigrationOutcome.REFUSED,
              List.of(taken.refusal()),
              c.mapping,
              List.of(transfer.command()),
              c.rewrittenXml);
        }
        return rolledBack(c, transfer.command(), e);
      }
      return transfer(c, claim, transfer);
    }
  }

  /** Rewrites the XML and runs the transfer; past the switchover, releases and verifies. */
  private MigrationResult transfer(
      MigrationContext c,
      MigrationSteps.ClaimDestinationVfs claim,
      MigrationSteps.Transfer transfer) {
    MigrateRequest r = c.request;
    MigrationSteps.RewriteXml rewrite = new MigrationSteps.RewriteXml(r.vm());
    try {
      runner.apply(r.source(), rewrite, c);
      runner.apply(r.source(), transfer, c);
    } catch (StepFailedException e) {
      return rolledBack(c, transfer.command(), e);
    } catch (RuntimeException e) {
      // A failure no step expected: the copy of the domain XML on the source goes all the same.
      bestEffort(r.source(), () -> rewrite.undo(c));
      throw e;
    }
    runner.commit();
    List<String> commands = List.of(transfer.command());
    bestEffort(r.source(), () -> rewrite.undo(c));
    if (!c.mapping.isEmpty()) {
      bestEffort(
          r.destination(),
          () -> runner.forward(r.destination(), new MigrationSteps.ReleaseClaims(claim), c));
    }
    transferEnded.run();
    return finish(c, commands);
  }

  private static PredictionRecord journaled(PredictedTimes p) {
    return new PredictionRecord(
        p.totalMs(),
        p.totalLowMs(),
        p.totalHighMs(),
        p.downtimeMs(),
        p.downtimeLowMs(),
        p.downtimeHighMs(),
        p.converges(),
        p.basis(),
        java.util.Optional.of(new PredictionRecord.Model(p.modelTotalMs(), p.modelDowntimeMs())));
  }

  /** A refusal for a tool that failed before anything changed, in the tool's own words. */
  static Refusal toolFailed(VfmigrateException e) {
    return new Refusal(
        "tool-failed",
        e.getMessage(),
        e.fix().isBlank() ? "fix the cause above, then run the migration again" : e.fix());
  }

  /** Work past the point of no return: its failure is a warning, never a rollback. */
  private void bestEffort(String host, Runnable work) {
    try {
      work.run();
    } catch (VfmigrateException e) {
      events.emit(
          new Event.Warning(host, e.getMessage() + (e.fix().isBlank() ? "" : "; " + e.fix())));
    }
  }

  /**
   * Derived from RAM size: ten full passes at 10 Gbit/s, at least two minutes, at most {@link
   * MigrateRequest#MAX_TIMEOUT} (a domain XML may claim any size: the sum never overflows).
   */
  static Duration defaultTimeout(MigrationGuards.Verdict verdict) {
    long ram = verdict.xml().flatMap(DomainXml::memory).map(ByteSize::bytes).orElse(8L << 30);
    BigInteger bytes =
        BigInteger.valueOf(ram)
            .add(
                BigInteger.valueOf(DEVICE_STATE_ESTIMATE)
                    .multiply(BigInteger.valueOf(verdict.sourceVfs().size())));
    long seconds =
        bytes
                .multiply(BigInteger.TEN)
                .divide(BigInteger.valueOf(ASSUMED_BYTES_PER_SECOND))
                .longValueExact()
            + 60;
    return Duration.ofSeconds(
        Math.min(MigrateRequest.MAX_TIMEOUT.toSeconds(), Math.max(120, seconds)));
  }

  private MigrationResult finish(MigrationContext c, List<String> commands) {
    MigrateRequest r = c.request;
    MigrationMonitor.Watch watch = c.watch.orElseThrow();
    MigrationStats last = watch.last();
    // What QEMU reported while the job ran, then libvirt's completed statistics: a figure neither
    // reported stays unknown.
    Optional<Long> ram = ramSent(last);
    long device = last.deviceStateBytes();
    Optional<Long> iterations = iterations(last);
    Optional<Long> libvirtReported = Optional.empty();
    Optional<Long> downtime = Optional.empty();
    List<String> unknown = new ArrayList<>();
    long total = watch.elapsed().toMillis();
    try {
      // libvirt's RAM-only statistics, read once at the end (exact bytes, one exec).
      CompletedJob done = c.destinationVirsh.completedJob(r.vm());
      device = Math.max(device, done.vfioDataTransferred().orElse(0));
      ram = atLeast(ram, done.memoryProcessed());
      libvirtReported = atLeast(Optional.empty(), done.dataProcessed());
      iterations = atLeast(iterations, done.iterations());
      downtime =
          done.downtimeMs().isPresent()
              ? Optional.of(done.downtimeMs().getAsLong())
              : Optional.empty();
      if (downtime.isEmpty()) {
        unknown.add(
            "downtime: libvirt's completed job statistics on "
                + r.destination()
                + " have no 'downtime'");
      }
      total = done.timeElapsedMs().orElse(total);
    } catch (VfmigrateException e) {
      unknown.add(
          "downtime: virsh domjobinfo --completed on "
              + r.destination()
              + " failed: "
              + e.getMessage());
      events.emit(
          new Event.Warning(r.destination(), "no completed job statistics: " + e.getMessage()));
    }
    // A VF always sends device state: 0 bytes with VFs means QEMU never reported it.
    Optional<Long> deviceState =
        c.mapping.isEmpty() || device > 0 ? Optional.of(device) : Optional.empty();
    if (deviceState.isEmpty()) {
      unknown.add("VF device state: QEMU reported no vfio bytes (query-migrate)");
    }
    if (ram.isEmpty()) {
      unknown.add(
          "RAM sent: neither QEMU (query-migrate) nor libvirt's completed job statistics reported"
              + " it");
    }
    // The VM runs on the destination whatever follows; what is left undone needs the operator.
    List<String> attention = new ArrayList<>();
    if (!c.mapping.isEmpty()) {
      try {
        runner.forward(r.source(), new MigrationSteps.ReleaseSourceVfs(c), c);
      } catch (VfmigrateException e) {
        String left =
            "the source VF was not prepared again: "
                + e.getMessage()
                + (e.fix().isBlank() ? "" : " (fix: " + e.fix() + ")");
        events.emit(new Event.Warning(r.source(), left));
        attention.add(left);
      }
    }
    Optional<Boolean> verified = Optional.empty();
    Optional<String> error = Optional.empty();
    Optional<VerifyReport> verification = Optional.empty();
    if (r.verify()) {
      VerifyStep verify = new VerifyStep(fleet, events);
      try {
        runner.forward(r.destination(), verify, c);
      } catch (VfmigrateException e) {
        // The report below says what failed.
      }
      verified = verify.report().map(VerifyReport::ok);
      verification = verify.report();
      if (verify.report().map(rep -> !rep.ok()).orElse(true)) {
        error =
            Optional.of(
                "verification failed: "
                    + verify
                        .report()
                        .map(rep -> String.join("; ", rep.problems()))
                        .orElse(verify.error().orElse("unknown")));
        verified = Optional.of(false);
      }
    }
    if (!attention.isEmpty()) {
      attention.add(0, error.orElse(""));
      error = Optional.of(String.join("; ", attention.stream().filter(a -> !a.isEmpty()).toList()));
    }
    return MigrationResult.builder(r, MigrationOutcome.MIGRATED)
        .totalTimeMs(total)
        .downtimeMs(downtime)
        .ramBytes(ram)
        .deviceStateBytes(deviceState)
        .iterations(iterations)
        .libvirtReportedBytes(libvirtReported)
        .verified(verified)
        .vfMapping(c.mapping)
        .commands(commands)
        .rewrittenXml(c.rewrittenXml)
        .error(error)
        .verification(verification)
        .unknownWhy(unknown.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", unknown)))
        .tuning(tuning(c, watch.switchoverAck()))
        .build();
  }

  /** The RAM QEMU reported sent, unknown before its first report of this job. */
  private static Optional<Long> ramSent(MigrationStats last) {
    return last.ramReported() ? Optional.of(last.ramTransferred()) : Optional.empty();
  }

  /** QEMU's dirty-sync count as it reported it, unknown before its first report of this job. */
  private static Optional<Long> iterations(MigrationStats last) {
    return last.ramReported() ? Optional.of(last.iterations()) : Optional.empty();
  }

  /** The larger of a figure and libvirt's, known when either is. */
  private static Optional<Long> atLeast(Optional<Long> seen, java.util.OptionalLong libvirt) {
    if (libvirt.isEmpty()) {
      return seen;
    }
    return Optional.of(Math.max(seen.orElse(0L), libvirt.getAsLong()));
  }

  /** The multifd channels chosen and QEMU's switchover-ack as the job had it. */
  private static MigrationTuning tuning(MigrationContext c, Optional<Boolean> switchoverAck) {
    return new MigrationTuning(switchoverAck, c.parallel.channels(), c.prediction);
  }

  private MigrationResult rolledBack(MigrationContext c, String command, StepFailedException e) {
    MigrateRequest r = c.request;
    String why = c.failure.orElse(e.failure().getMessage());
    List<String> problems = e.undoErrors();
    MigrationOutcome outcome =
        problems.isEmpty() ? MigrationOutcome.ROLLED_BACK : MigrationOutcome.FAILED;
    String error =
        why
            + (problems.isEmpty()
                ? "; "
                    + r.vm()
                    + " runs on "
                    + r.source()
                    + (c.mapping.isEmpty() ? "" : " with its VF")
                : "; " + String.join("; ", problems));
    MigrationStats last = c.watch.map(MigrationMonitor.Watch::last).orElse(MigrationStats.NONE);
    long elapsed = c.watch.map(w -> w.elapsed().toMillis()).orElse(0L);
    // Only what QEMU reported before the job ended; libvirt's statistics are read on success only.
    // A virsh that failed at once (0 ms watched) ran no transfer to know figures of.
    boolean ran = elapsed > 0;
    return MigrationResult.builder(r, outcome)
        .totalTimeMs(elapsed)
        .ramBytes(ramSent(last))
        .deviceStateBytes(
            last.deviceStateBytes() > 0 ? Optional.of(last.deviceStateBytes()) : Optional.empty())
        .iterations(iterations(last))
        .vfMapping(c.mapping)
        .commands(List.of(command))
        .rewrittenXml(c.rewrittenXml)
        .error(Optional.of(error))
        .unknownWhy(
            ran && !last.ramReported()
                ? Optional.of(
                    "RAM sent: the job ended before QEMU reported its progress (query-migrate)")
                : Optional.empty())
        .tuning(tuning(c, c.watch.flatMap(MigrationMonitor.Watch::switchoverAck)))
        .build();
  }

  /** A result of a migration that never started (refused, or a dry run). */
  private static MigrationResult notStarted(
      MigrateRequest r,
      MigrationOutcome outcome,
      List<Refusal> refusals,
      Map<PciAddress, PciAddress> mapping,
      List<String> commands,
      String xml) {
    return MigrationResult.builder(r, outcome)
        .refusals(refusals)
        .vfMapping(mapping)
        .commands(commands)
        .rewrittenXml(xml)
        .build();
  }
}
