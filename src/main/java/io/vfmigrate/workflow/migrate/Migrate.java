package io.vfmigrate.workflow.migrate;

import io.vfmigrate.host.CommandResult;
import io.vfmigrate.host.Fleet;
import io.vfmigrate.host.Host;
import io.vfmigrate.host.ManagedHost;
import io.vfmigrate.host.RunningCommand;
import io.vfmigrate.host.ShellQuoting;
import io.vfmigrate.model.ByteSize;
import io.vfmigrate.model.DomainXml;
import io.vfmigrate.model.HostdevInterface;
import io.vfmigrate.model.MacAddress;
import io.vfmigrate.model.PciAddress;
import io.vfmigrate.model.VfmigrateException;
import io.vfmigrate.tools.sysfs.PciSysfs;
import io.vfmigrate.tools.virsh.JobInfo;
import io.vfmigrate.tools.virsh.MigrateOptions;
import io.vfmigrate.tools.virsh.Virsh;
import io.vfmigrate.workflow.VfRelease;
import io.vfmigrate.workflow.claims.Acquisition;
import io.vfmigrate.workflow.claims.ClaimKind;
import io.vfmigrate.workflow.claims.ClaimRequest;
import io.vfmigrate.workflow.claims.Claimant;
import io.vfmigrate.workflow.claims.ControlProcess;
import io.vfmigrate.workflow.event.Event;
import io.vfmigrate.workflow.event.EventSink;
import io.vfmigrate.workflow.verify.Verify;
import io.vfmigrate.workflow.verify.VerifyReport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
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

  /** A device-state size to show progress against before QEMU reports the real one. */
  static final long DEVICE_STATE_ESTIMATE = 300_000_000L;

  private final Fleet fleet;
  private final EventSink events;
  private final Cancellation cancellation;
  private final Claimant claimant;

  public Migrate(Fleet fleet, EventSink events, Cancellation cancellation) {
    this(
        fleet,
        events,
        cancellation,
        Claimant.forOperation(ControlProcess.provisionalOperationId("migrate")));
  }

  /** With the claims of the operation {@code claimant} names (the journal's id, once wired). */
  public Migrate(Fleet fleet, EventSink events, Cancellation cancellation, Claimant claimant) {
    this.fleet = fleet;
    this.events = events;
    this.cancellation = cancellation;
    this.claimant = claimant;
  }

  public MigrationResult run(MigrateRequest r) {
    events.emit(
        new Event.StepStarted(
            r.source(), "guards: can " + r.vm() + " migrate to " + r.destination() + "?"));
    MigrationGuards.Verdict verdict = MigrationGuards.evaluate(fleet, r, claimant.liveness());
    if (!verdict.refusals().isEmpty()) {
      events.emit(new Event.StepFinished(r.source(), "guards", false));
      return notStarted(r, MigrationOutcome.REFUSED, verdict.refusals(), Map.of(), List.of(), "");
    }
    ManagedHost src = fleet.get(r.source());
    ManagedHost dst = fleet.get(r.destination());
    Virsh srcVirsh = new Virsh(src.host());

    Map<PciAddress, PciAddress> mapping = new LinkedHashMap<>();
    for (int i = 0; i < verdict.sourceVfs().size(); i++) {
      mapping.put(verdict.sourceVfs().get(i), verdict.destinationVfs().get(i));
    }
    DomainXml xml = srcVirsh.dumpxmlMigratable(r.vm());
    for (Map.Entry<PciAddress, PciAddress> e : mapping.entrySet()) {
      xml = xml.withHostdevSource(e.getKey(), e.getValue());
    }
    String rewritten = xml.toXml();
    Duration timeout = r.timeout().orElse(defaultTimeout(verdict));
    String placeholder = "/tmp/vfmigrate-" + r.vm() + ".xml";
    MigrateOptions shown = options(r, dst, placeholder, mapping.isEmpty()).withTimeout(timeout);
    List<String> commands = new ArrayList<>(List.of(ShellQuoting.join(shown.argv())));
    if (r.dryRun()) {
      return notStarted(r, MigrationOutcome.PLANNED, List.of(), mapping, commands, rewritten);
    }

    // The destination VFs and one migration slot per VF on both PFs, all or none: taking them is
    // the check, so two runs can never pick the same VF or exceed the PF's cap together.
    Acquisition taken =
        claimant.acquire(
            fleet,
            ClaimRequest.migration(
                r.source(), src.pf(), r.destination(), dst.pf(), mapping.values()));
    if (taken instanceof Acquisition.Refused refused) {
      return notStarted(
          r,
          MigrationOutcome.REFUSED,
          List.of(
              new Refusal(
                  refused.request().kind() == ClaimKind.SLOT ? "vfs-per-pf" : "destination-vf",
                  refused.reason(),
                  refused.request().kind() == ClaimKind.VF && !refused.anyStale()
                      ? "run the migration again; it picks another free VF"
                      : refused.fix())),
          mapping,
          commands,
          rewritten);
    }
    Acquisition.Acquired held = (Acquisition.Acquired) taken;
    try {
      Optional<Refusal> meanwhile =
          MigrationGuards.destinationTakenMeanwhile(fleet, r, mapping.values());
      if (meanwhile.isPresent()) {
        return notStarted(
            r, MigrationOutcome.REFUSED, List.of(meanwhile.get()), mapping, commands, rewritten);
      }
      for (Map.Entry<PciAddress, PciAddress> e : mapping.entrySet()) {
        events.emit(
            new Event.Info(
                r.destination(),
                "claimed VF " + e.getValue() + " for " + r.vm() + "'s VF " + e.getKey()));
      }
      return transfer(r, src, dst, mapping, commands, rewritten, timeout);
    } finally {
      for (String problem : claimant.release(held)) {
        events.emit(new Event.Warning(r.destination(), problem));
      }
    }
  }

  /** Runs and watches {@code virsh migrate}, then finishes or rolls back. */
  private MigrationResult transfer(
      MigrateRequest r,
      ManagedHost src,
      ManagedHost dst,
      Map<PciAddress, PciAddress> mapping,
      List<String> commands,
      String rewritten,
      Duration timeout) {
    Virsh srcVirsh = new Virsh(src.host());
    Host host = src.host();
    String file = host.createTempFile("vfmigrate-migrate-", rewritten);
    MigrateOptions options =
        options(r, dst, file, mapping.isEmpty()).withTimeout(timeout.plus(Duration.ofMinutes(5)));
    MigrationMonitor.Watch watch;
    try {
      events.emit(
          new Event.StepStarted(r.source(), "migrate " + r.vm() + " to " + r.destination()));
      RunningCommand migration = srcVirsh.startMigration(options);
      watch =
          new MigrationMonitor(
                  srcVirsh,
                  r.vm(),
                  host.clock(),
                  events,
                  new SwitchoverPolicy(r.maxDowntime()),
                  timeout,
                  r.stallTimeout(),
                  cancellation,
                  DEVICE_STATE_ESTIMATE * mapping.size())
              .watch(migration);
      if (watch.ending() != MigrationMonitor.Ending.FINISHED) {
        abort(srcVirsh, r.vm(), migration, host);
      }
      if (watch.ending() == MigrationMonitor.Ending.FINISHED
          && watch.result().map(CommandResult::succeeded).orElse(false)) {
        events.emit(new Event.StepFinished(r.source(), "migrate " + r.vm(), true));
        return finish(r, src, dst, mapping, commands, rewritten, watch);
      }
    } finally {
      host.deleteFile(file);
    }
    String why =
        switch (watch.ending()) {
          case TIMED_OUT -> "the migration did not finish within " + timeout.toSeconds() + " s";
          case STALLED ->
              "the migration made no progress for " + r.stallTimeout().toSeconds() + " s";
          case CANCELLED -> "cancelled by the operator";
          case FINISHED ->
              watch.result().map(CommandResult::errorText).orElse("virsh migrate failed");
        };
    events.emit(new Event.StepFinished(r.source(), "migrate " + r.vm() + ": " + why, false));
    return rollBack(r, src, dst, mapping, commands, rewritten, watch, why);
  }

  private static MigrateOptions options(
      MigrateRequest r, ManagedHost dst, String file, boolean noVf) {
    MigrateOptions o = MigrateOptions.of(r.vm(), dst.entry().libvirtUri());
    if (dst.entry().migrateUri().isPresent()) {
      o = o.withMigrateUri(dst.entry().migrateUri().get());
    }
    return noVf ? o : o.withXml(file).withPersistentXml(file);
  }

  /** Derived from RAM size: ten full passes at 10 Gbit/s, at least two minutes. */
  static Duration defaultTimeout(MigrationGuards.Verdict verdict) {
    long ram = verdict.xml().flatMap(DomainXml::memory).map(ByteSize::bytes).orElse(8L << 30);
    long bytes = ram + DEVICE_STATE_ESTIMATE * verdict.sourceVfs().size();
    long seconds = 10 * bytes / ASSUMED_BYTES_PER_SECOND + 60;
    return Duration.ofSeconds(Math.max(120, seconds));
  }

  private void abort(Virsh virsh, String vm, RunningCommand migration, Host host) {
    events.emit(
        new Event.StepStarted("", "abort the migration job (virsh domjobabort " + vm + ")"));
    try {
      virsh.domjobabort(vm);
    } catch (VfmigrateException e) {
      events.emit(new Event.Warning("", "domjobabort failed: " + e.getMessage()));
    }
    for (int i = 0; i < 60 && migration.poll().isEmpty(); i++) {
      host.clock().sleep(Duration.ofSeconds(1));
    }
    if (migration.poll().isEmpty()) {
      migration.kill();
    }
  }

  private MigrationResult finish(
      MigrateRequest r,
      ManagedHost src,
      ManagedHost dst,
      Map<PciAddress, PciAddress> mapping,
      List<String> commands,
      String rewritten,
      MigrationMonitor.Watch watch) {
    Virsh dstVirsh = new Virsh(dst.host());
    MigrationStats last = watch.last();
    long ram = last.ramTransferred();
    long device = last.deviceStateBytes();
    long iterations = last.iterations();
    long libvirtReported = last.libvirtDataProcessed();
    long downtime = 0;
    long total = watch.elapsed().toMillis();
    try {
      device = Math.max(device, dstVirsh.completedVfioBytes(r.vm()).orElse(0));
      JobInfo done = dstVirsh.domjobinfoCompleted(r.vm());
      ram = Math.max(ram, done.memoryProcessed().map(ByteSize::bytes).orElse(0L));
      libvirtReported = done.dataProcessed().map(ByteSize::bytes).orElse(libvirtReported);
      iterations = Math.max(iterations, done.iteration().orElse(0));
      downtime = done.totalDowntime().map(Duration::toMillis).orElse(0L);
      total = done.timeElapsed().map(Duration::toMillis).orElse(total);
    } catch (VfmigrateException e) {
      events.emit(
          new Event.Warning(r.destination(), "no completed job statistics: " + e.getMessage()));
    }
    Virsh srcVirsh = new Virsh(src.host());
    PciSysfs srcSysfs = new PciSysfs(src.host());
    for (PciAddress vf : mapping.keySet()) {
      events.emit(new Event.StepStarted(r.source(), "release VF " + vf + " (prepared again)"));
      try {
        VfRelease.ensureDetached(srcVirsh, srcSysfs, vf);
      } catch (VfmigrateException e) {
        events.emit(
            new Event.Warning(
                r.source(),
                "VF "
                    + vf
                    + " could not be detached again: "
                    + e.getMessage()
                    + "; run vfmigrate prepare --host "
                    + r.source()));
      }
    }
    Optional<Boolean> verified = Optional.empty();
    Optional<String> error = Optional.empty();
    if (r.verify()) {
      events.emit(new Event.StepStarted(r.destination(), "verify " + r.vm() + " in the guest"));
      // A VM without a VF is checked through its first NIC: it was a plain live migration.
      Optional<MacAddress> nic =
          mapping.isEmpty()
              ? new Virsh(dst.host()).dumpxml(r.vm()).macs().stream().findFirst()
              : Optional.empty();
      VerifyReport report =
          new Verify(fleet, events)
              .run(r.vm(), Optional.of(r.destination()), Optional.empty(), nic);
      verified = Optional.of(report.ok());
      if (!report.ok()) {
        error = Optional.of("verification failed: " + String.join("; ", report.problems()));
      }
    }
    return new MigrationResult(
        r.vm(),
        MigrationOutcome.MIGRATED,
        r.source(),
        r.destination(),
        total,
        downtime,
        ram,
        device,
        iterations,
        libvirtReported,
        verified,
        List.of(),
        mapping,
        commands,
        rewritten,
        error);
  }

  private MigrationResult rollBack(
      MigrateRequest r,
      ManagedHost src,
      ManagedHost dst,
      Map<PciAddress, PciAddress> mapping,
      List<String> commands,
      String rewritten,
      MigrationMonitor.Watch watch,
      String why) {
    events.emit(
        new Event.StepStarted(
            r.source(), "roll back: confirm " + r.vm() + " runs on " + r.source()));
    Virsh srcVirsh = new Virsh(src.host());
    List<String> problems = new ArrayList<>();
    try {
      Optional<String> state = srcVirsh.domstate(r.vm());
      if (!state.map("running"::equals).orElse(false)) {
        problems.add(r.vm() + " is " + state.orElse("not defined") + " on " + r.source());
      } else {
        List<PciAddress> vfs =
            srcVirsh.dumpxml(r.vm()).hostdevInterfaces().stream()
                .map(HostdevInterface::source)
                .toList();
        for (PciAddress vf : mapping.keySet()) {
          if (!vfs.contains(vf)) {
            problems.add(r.vm() + " on " + r.source() + " lost its VF " + vf);
          }
        }
      }
    } catch (VfmigrateException e) {
      problems.add("cannot read " + r.vm() + " on " + r.source() + ": " + e.getMessage());
    }
    Virsh dstVirsh = new Virsh(dst.host());
    PciSysfs dstSysfs = new PciSysfs(dst.host());
    for (PciAddress vf : mapping.values()) {
      events.emit(new Event.StepStarted(r.destination(), "release the claim on VF " + vf));
      try {
        VfRelease.ensureDetached(dstVirsh, dstSysfs, vf);
      } catch (VfmigrateException e) {
        problems.add(
            "claimed VF "
                + vf
                + " on "
                + r.destination()
                + " is not free again: "
                + e.getMessage());
      }
    }
    MigrationStats last = watch.last();
    MigrationOutcome outcome =
        problems.isEmpty() ? MigrationOutcome.ROLLED_BACK : MigrationOutcome.FAILED;
    String error =
        why
            + (problems.isEmpty()
                ? "; "
                    + r.vm()
                    + " runs on "
                    + r.source()
                    + (mapping.isEmpty() ? "" : " with its VF")
                : "; " + String.join("; ", problems));
    return new MigrationResult(
        r.vm(),
        outcome,
        r.source(),
        r.destination(),
        watch.elapsed().toMillis(),
        0,
        last.ramTransferred(),
        last.deviceStateBytes(),
        last.iterations(),
        last.libvirtDataProcessed(),
        Optional.empty(),
        List.of(),
        mapping,
        commands,
        rewritten,
        Optional.of(error));
  }

  /** A result of a migration that never started (refused, or a dry run). */
  private static MigrationResult notStarted(
      MigrateRequest r,
      MigrationOutcome outcome,
      List<Refusal> refusals,
      Map<PciAddress, PciAddress> mapping,
      List<String> commands,
      String xml) {
    return new MigrationResult(
        r.vm(),
        outcome,
        r.source(),
        r.destination(),
        0,
        0,
        0,
        0,
        0,
        0,
        Optional.empty(),
        refusals,
        mapping,
        commands,
        xml,
        Optional.empty());
  }
}
