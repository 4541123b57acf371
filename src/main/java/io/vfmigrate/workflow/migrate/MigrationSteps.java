package io.vfmigrate.workflow.migrate;

import io.vfmigrate.host.CommandResult;
import io.vfmigrate.host.Host;
import io.vfmigrate.host.RunningCommand;
import io.vfmigrate.host.ShellQuoting;
import io.vfmigrate.model.DomainXml;
import io.vfmigrate.model.HostdevInterface;
import io.vfmigrate.model.InvalidInputException;
import io.vfmigrate.model.NeedsAttentionException;
import io.vfmigrate.model.NotReadyException;
import io.vfmigrate.model.PciAddress;
import io.vfmigrate.model.VfmigrateException;
import io.vfmigrate.tools.sysfs.PciSysfs;
import io.vfmigrate.tools.virsh.MigrationProgress;
import io.vfmigrate.tools.virsh.Virsh;
import io.vfmigrate.workflow.VfPark;
import io.vfmigrate.workflow.VfRelease;
import io.vfmigrate.workflow.claims.Acquisition;
import io.vfmigrate.workflow.claims.ClaimKind;
import io.vfmigrate.workflow.claims.ClaimRequest;
import io.vfmigrate.workflow.claims.Claims;
import io.vfmigrate.workflow.claims.HeldClaim;
import io.vfmigrate.workflow.event.Event;
import io.vfmigrate.workflow.steps.Step;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The steps of a migration, in the order {@link Migrate} runs them. */
final class MigrationSteps {
  private MigrationSteps() {}

  /**
   * A claim another run holds, a VF a domain took between the guards and the claim, or a tool that
   * failed while the claim looked again: a refusal, with the claims it took released.
   */
  static final class ClaimTaken extends NotReadyException {
    private static final long serialVersionUID = 1L;
    private final transient Refusal refusal;

    ClaimTaken(Refusal refusal) {
      super(refusal.reason(), refusal.fix());
      this.refusal = refusal;
    }

    Refusal refusal() {
      return refusal;
    }
  }

  /**
   * Claims the destination VFs and one migration slot per VF on the source PF and on the
   * destination PF, all or none: taking them is the check, so two runs never pick the same VF or
   * exceed a PF's cap together. Undone, the VFs are free and prepared again and the claims gone.
   */
  static final class ClaimDestinationVfs implements Step<MigrationContext> {
    private final MigrationContext c;

    ClaimDestinationVfs(MigrationContext c) {
      this.c = c;
    }

    @Override
    public String description() {
      return "claim VF"
          + (c.mapping.size() == 1 ? " " : "s ")
          + String.join(", ", c.mapping.values().stream().map(PciAddress::toString).toList())
          + " on "
          + c.request.destination()
          + " for "
          + c.vm()
          + " and a migration slot of each PF";
    }

    @Override
    public String command() {
      return String.join(
          "; ",
          requests().stream()
              .map(r -> "create " + r.host() + ":" + Claims.path(r.kind(), r.target()))
              .toList());
    }

    private List<ClaimRequest> requests() {
      return ClaimRequest.migration(
          c.request.source(),
          c.source.pf(),
          c.request.destination(),
          c.destination.pf(),
          c.mapping.values());
    }

    @Override
    public void apply(MigrationContext ctx) {
      Acquisition taken = c.claimant.acquire(c.fleet, requests());
      if (taken instanceof Acquisition.Refused refused) {
        throw new ClaimTaken(
            new Refusal(
                refused.request().kind() == ClaimKind.SLOT ? "vfs-per-pf" : "destination-vf",
                refused.reason(),
                refused.request().kind() == ClaimKind.VF && !refused.anyStale()
                    ? "run the migration again; it picks another free VF"
                    : refused.fix()));
      }
      Acquisition.Acquired held = (Acquisition.Acquired) taken;
      c.held = Optional.of(held);
      for (HeldClaim claim : held.claims()) {
        c.runner
            .journal()
            .claimTaken(
                c.runner.operation(), claim.hostName(), claim.path(), c.runner.clock().instant());
      }
      Optional<Refusal> meanwhile;
      try {
        meanwhile =
            MigrationGuards.destinationTakenMeanwhile(c.fleet, c.request, c.mapping.values());
      } catch (RuntimeException e) {
        // The second look at the destination failed: nothing has moved, so the claims go and,
        // for a tool that failed, it is a refusal in the tool's own words (as in the guards).
        releaseAll();
        if (e instanceof VfmigrateException failed && !(e instanceof InvalidInputException)) {
          throw new ClaimTaken(Migrate.toolFailed(failed));
        }
        throw e;
      }
      if (meanwhile.isPresent()) {
        releaseAll();
        throw new ClaimTaken(meanwhile.get());
      }
      for (Map.Entry<PciAddress, PciAddress> e : c.mapping.entrySet()) {
        c.events.emit(
            new Event.Info(
                c.request.destination(),
                "claimed VF " + e.getValue() + " for " + c.vm() + "'s VF " + e.getKey()));
      }
    }

    /** The claimed VFs are made free and prepared again, then the claims released. */
    @Override
    public void undo(MigrationContext ctx) {
      if (c.held.isEmpty()) {
        return;
      }
      List<String> problems = new ArrayList<>();
      Virsh virsh = c.destinationVirsh;
      PciSysfs sysfs = new PciSysfs(c.destination.host());
      for (PciAddress vf : c.mapping.values()) {
        try {
          VfRelease.ensureDetached(virsh, sysfs, vf);
        } catch (VfmigrateException e) {
          problems.add(
              "claimed VF "
                  + vf
                  + " on "
                  + c.request.destination()
                  + " is not free again: "
                  + e.getMessage());
        }
      }
      releaseAll();
      if (!problems.isEmpty()) {
        throw new NeedsAttentionException(
            String.join("; ", problems), "vfmigrate prepare --host " + c.request.destination());
      }
    }

    void releaseAll() {
      if (c.held.isEmpty()) {
        return;
      }
      Acquisition.Acquired held = c.held.get();
      // Stamped as the release starts, as a claim is stamped once taken: the journal's interval
      // then lies inside the time the host held the claim. Stamped after the release (of every
      // claim, then a journal write), it overran: another run could take the freed slot first,
      // and the history showed two operations holding one claim at once.
      Instant releasing = c.runner.clock().instant();
      for (String problem : c.claimant.release(held)) {
        c.events.emit(
            new Event.Warning(c.request.destination(), problem + "; vfmigrate recover clears it"));
      }
      for (HeldClaim claim : held.claims()) {
        c.runner
            .journal()
            .claimReleased(c.runner.operation(), claim.hostName(), claim.path(), releasing);
      }
      c.held = Optional.empty();
    }
  }

  /** After switchover: the claims have done their job (the VM holds its VFs now). */
  static final class ReleaseClaims implements Step<MigrationContext> {
    private final ClaimDestinationVfs claims;

    ReleaseClaims(ClaimDestinationVfs claims) {
      this.claims = claims;
    }

    @Override
    public String description() {
      return "release the claims on the destination VFs";
    }

    @Override
    public String command() {
      return String.join(
          "; ",
          claims
              .c
              .held
              .map(h -> h.claims().stream().map(x -> "rm " + x.path()).toList())
              .orElse(List.of()));
    }

    @Override
    public void apply(MigrationContext c) {
      claims.releaseAll();
    }

    @Override
    public void undo(MigrationContext c) {
      // Nothing to take back: the VFs are the VM's now.
    }
  }

  /**
   * Reads the domain XML for migration and points its hostdevs at the claimed VFs; the file lies on
   * the source while the migration runs.
   */
  static final class RewriteXml implements Step<MigrationContext> {
    private final String vm;

    RewriteXml(String vm) {
      this.vm = vm;
    }

    @Override
    public String description() {
      return "rewrite the domain XML for the destination VFs";
    }

    @Override
    public String command() {
      return ShellQuoting.join(List.of("virsh", "dumpxml", "--migratable", vm))
          + " (hostdev sources rewritten)";
    }

    /** Reads and rewrites the XML without writing it anywhere (the dry run shows it). */
    static void compute(MigrationContext c) {
      // The guards read it already (their snapshot of the source).
      DomainXml xml =
          c.verdict
              .seen()
              .map(f -> new Virsh(f.get(c.request.source()).host()))
              .orElse(c.sourceVirsh)
              .dumpxmlMigratable(c.vm());
      for (Map.Entry<PciAddress, PciAddress> e : c.mapping.entrySet()) {
        xml = xml.withHostdevSource(e.getKey(), e.getValue());
      }
      c.rewrittenXml = xml.toXml();
    }

    /** Writes the XML {@link #compute} made (a failure to read it was a refusal) to a file. */
    @Override
    public void apply(MigrationContext c) {
      if (!c.mapping.isEmpty()) {
        c.xmlFile =
            Optional.of(c.source.host().createTempFile("vfmigrate-migrate-", c.rewrittenXml));
      }
    }

    @Override
    public void undo(MigrationContext c) {
      c.xmlFile.ifPresent(f -> c.source.host().deleteFile(f));
      c.xmlFile = Optional.empty();
    }
  }

  /**
   * Runs and watches {@code virsh migrate}. A transfer that does not finish is aborted; its undo
   * confirms the VM runs on the source with its VFs, checked, not assumed.
   */
  static final class Transfer implements Step<MigrationContext> {
    private final MigrationContext c;

    /** The command as it ran, with the XML file it named (removed by the rollback since). */
    private Optional<String> ran = Optional.empty();

    Transfer(MigrationContext c) {
      this.c = c;
    }

    @Override
    public String description() {
      return "migrate " + c.vm() + " to " + c.request.destination();
    }

    /** The command as it ran; before it ran, as it will run (a dry run's placeholder file). */
    @Override
    public String command() {
      return ran.orElseGet(
          () ->
              ShellQuoting.join(
                  c.options(c.xmlFile.orElse(c.placeholderFile())).withTimeout(c.timeout).argv()));
    }

    @Override
    public boolean undoWhenFailed() {
      return true;
    }

    @Override
    public void apply(MigrationContext ctx) {
      String file = c.xmlFile.orElse(c.placeholderFile());
      ran = Optional.of(command());
      // virsh's own --timeout is a last resort behind vfmigrate's monitor.
      RunningCommand migration =
          c.sourceVirsh.startMigration(
              c.options(file).withTimeout(c.timeout.plus(Duration.ofMinutes(5))));
      c.migration = Optional.of(migration);
      MigrationMonitor.Watch watch =
          new MigrationMonitor(
                  c.sourceVirsh,
                  c.vm(),
                  c.source.host().clock(),
                  c.events,
                  new SwitchoverPolicy(c.request.maxDowntime()),
                  c.timeout,
                  c.request.stallTimeout(),
                  c.cancellation,
                  Migrate.DEVICE_STATE_ESTIMATE * c.mapping.size())
              .watch(migration);
      c.watch = Optional.of(watch);
      if (watch.ending() == MigrationMonitor.Ending.FINISHED
          && watch.result().map(CommandResult::succeeded).orElse(false)) {
        return;
      }
      String why =
          switch (watch.ending()) {
            case TIMED_OUT -> "the migration did not finish within " + c.timeout.toSeconds() + " s";
            case STALLED ->
                "the migration made no progress for " + c.request.stallTimeout().toSeconds() + " s";
            case CANCELLED -> "cancelled by the operator";
            case FINISHED -> watch.result().map(Transfer::failed).orElse("virsh migrate failed");
          };
      c.failure = Optional.of(why);
      abort(migration);
      Whereabouts after = whereabouts();
      if (after.unknown().isPresent()) {
        // Whether libvirt finished it after all cannot be told; the undo looks at the source.
        why += "; " + after.unknown().get();
        c.failure = Optional.of(why);
        c.events.emit(new Event.Warning(c.request.destination(), after.unknown().get()));
      }
      if (after.completed()) {
        // The abort came too late: libvirt finished the migration. It is done, not rolled back.
        c.events.emit(
            new Event.Warning(
                c.request.source(),
                why
                    + ", but the abort came too late: "
                    + c.vm()
                    + " runs on "
                    + c.request.destination()
                    + "; finishing the migration"));
        c.failure = Optional.empty();
        return;
      }
      throw new VfmigrateException(why, "");
    }

    /** virsh's own words; when it printed none (only progress), its exit code. */
    private static String failed(CommandResult r) {
      String text = MigrationProgress.withoutReports(r.errorText());
      return text.isEmpty()
          ? "virsh migrate failed with exit code " + r.exitCode() + " and printed no error"
          : text;
    }

    /**
     * Where the VM is after a failed transfer: {@code completed} when it runs on the destination
     * and no longer on the source (the abort came too late); {@code unknown} says why that could
     * not be told.
     */
    record Whereabouts(boolean completed, Optional<String> unknown) {}

    private Whereabouts whereabouts() {
      String host = c.request.destination();
      try {
        boolean onDestination =
            c.destinationVirsh.domstate(c.vm()).map("running"::equals).orElse(false);
        if (!onDestination) {
          return new Whereabouts(false, Optional.empty());
        }
        host = c.request.source();
        return new Whereabouts(
            !c.sourceVirsh.domstate(c.vm()).map("running"::equals).orElse(false), Optional.empty());
      } catch (VfmigrateException e) {
        return new Whereabouts(
            false,
            Optional.of(
                "cannot tell whether libvirt completed the migration after all: cannot read "
                    + c.vm()
                    + " on "
                    + host
                    + ": "
                    + e.getMessage()));
      }
    }

    /** Aborts a job still running, then confirms the VM runs on the source with every VF. */
    @Override
    public void undo(MigrationContext ctx) {
      c.migration.ifPresent(this::abort);
      List<String> problems = new ArrayList<>();
      String src = c.request.source();
      try {
        Optional<String> state = c.sourceVirsh.domstate(c.vm());
        if (killed && cancelAccepted && sourceJobRuns()) {
          // Seen on the real lab (libvirt 9.0, QEMU 7.2, --parallel, link cut): QEMU accepted the
          // cancel, but the job stays until its migration channels give up on the cut link.
          c.events.emit(
              new Event.Warning(
                  src,
                  "the cancelled migration job of "
                      + c.vm()
                      + " is still ending on "
                      + src
                      + " (QEMU's migration channels wait for the cut link); it ends when the"
                      + " link returns or TCP gives up"));
        }
        if (killed && !cancelAccepted && sourceJobRuns()) {
          problems.add(
              "the migration job of "
                  + c.vm()
                  + " still runs on "
                  + src
                  + " (libvirt keeps it after virsh is gone until QEMU's stream fails;"
                  + " 'virsh domjobabort "
                  + c.vm()
                  + "' on "
                  + src
                  + " stops it)");
        } else if (!state.map("running"::equals).orElse(false)) {
          problems.add(c.vm() + " is " + state.orElse("not defined") + " on " + src);
        } else {
          List<PciAddress> vfs =
              c.sourceVirsh.dumpxml(c.vm()).hostdevInterfaces().stream()
                  .map(HostdevInterface::source)
                  .toList();
          for (PciAddress vf : c.mapping.keySet()) {
            if (!vfs.contains(vf)) {
              problems.add(c.vm() + " on " + src + " lost its VF " + vf);
            }
          }
        }
      } catch (VfmigrateException e) {
        problems.add("cannot read " + c.vm() + " on " + src + ": " + e.getMessage());
      }
      if (!problems.isEmpty()) {
        throw new NeedsAttentionException(
            String.join("; ", problems), "vfmigrate recover (it looks at both hosts)");
      }
    }

    /** vfmigrate killed the virsh that drove the migration. */
    private boolean killed;

    /** A domjobabort was accepted: QEMU was told to cancel (migrate_cancel). */
    private boolean cancelAccepted;

    private void abort(RunningCommand migration) {
      if (migration.poll().isPresent()) {
        return;
      }
      c.events.emit(
          new Event.StepStarted(
              c.request.source(), "abort the migration job (virsh domjobabort " + c.vm() + ")"));
      try {
        cancelAccepted |= c.sourceVirsh.domjobabort(c.vm());
      } catch (VfmigrateException e) {
        c.events.emit(
            new Event.Warning(c.request.source(), "domjobabort failed: " + e.getMessage()));
      }
      Host host = c.source.host();
      for (int i = 0; i < 60 && migration.poll().isEmpty(); i++) {
        host.clock().sleep(Duration.ofSeconds(1));
      }
      if (migration.poll().isEmpty()) {
        migration.kill();
        killed = true;
        abortLeftJob(host);
      }
    }

    /**
     * virsh is killed, but libvirt keeps the source's job of a migration virsh drove when virsh
     * goes during Perform (src/qemu/qemu_migration.c qemuMigrationSrcPerformPhase removes the close
     * callback for the Perform call): it ends once QEMU's stream fails, which a cut migration
     * network puts off. It is asked to stop once more, and given 30 s to end.
     */
    private void abortLeftJob(Host host) {
      if (!sourceJobRuns()) {
        return;
      }
      c.events.emit(
          new Event.StepStarted(
              c.request.source(),
              "abort the migration job libvirt kept after virsh was killed (virsh domjobabort "
                  + c.vm()
                  + ")"));
      try {
        cancelAccepted |= c.sourceVirsh.domjobabort(c.vm());
      } catch (VfmigrateException e) {
        c.events.emit(
            new Event.Warning(c.request.source(), "domjobabort failed: " + e.getMessage()));
      }
      for (int i = 0; i < 30 && sourceJobRuns(); i++) {
        host.clock().sleep(Duration.ofSeconds(1));
      }
    }

    private boolean sourceJobRuns() {
      try {
        return c.sourceVirsh.domjobinfo(c.vm()).type().active();
      } catch (VfmigrateException e) {
        return false;
      }
    }
  }

  /** The VFs the VM left on the source go back to the prepared state. */
  static final class ReleaseSourceVfs implements Step<MigrationContext> {
    private final MigrationContext c;

    ReleaseSourceVfs(MigrationContext c) {
      this.c = c;
    }

    @Override
    public String description() {
      return "release the source VF"
          + (c.mapping.size() == 1 ? " " : "s ")
          + String.join(", ", c.mapping.keySet().stream().map(PciAddress::toString).toList())
          + " (prepared again)";
    }

    /** The way the source's libvirt parks a VF ({@link VfPark}), read once. */
    private Optional<Boolean> bySysfs = Optional.empty();

    private boolean bySysfs() {
      if (bySysfs.isEmpty()) {
        // The guards asked the source's virsh version already (their snapshot of the source).
        Virsh virsh =
            c.verdict
                .seen()
                .map(f -> new Virsh(f.get(c.request.source()).host()))
                .orElse(c.sourceVirsh);
        bySysfs = Optional.of(VfPark.bySysfs(virsh));
      }
      return bySysfs.get();
    }

    @Override
    public String command() {
      boolean sysfs;
      try {
        sysfs = bySysfs();
      } catch (VfmigrateException e) {
        // No libvirt version to go by: the procedure's own command.
        sysfs = false;
      }
      boolean way = sysfs;
      return String.join(
          "; ", c.mapping.keySet().stream().map(vf -> VfPark.command(vf, way)).toList());
    }

    @Override
    public void apply(MigrationContext ctx) {
      PciSysfs sysfs = new PciSysfs(c.source.host());
      List<String> problems = new ArrayList<>();
      for (PciAddress vf : c.mapping.keySet()) {
        try {
          VfRelease.ensureDetached(c.sourceVirsh, sysfs, vf, this::bySysfs);
        } catch (VfmigrateException e) {
          problems.add("VF " + vf + " could not be detached again: " + e.getMessage());
        }
      }
      if (!problems.isEmpty()) {
        throw new NeedsAttentionException(
            String.join("; ", problems), "vfmigrate prepare --host " + c.request.source());
      }
    }

    @Override
    public void undo(MigrationContext ctx) {
      // Past the point of no return: nothing to take back.
    }
  }
}
