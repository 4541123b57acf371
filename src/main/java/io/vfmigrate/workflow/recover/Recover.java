package io.vfmigrate.workflow.recover;

import io.vfmigrate.host.Fleet;
import io.vfmigrate.host.Host;
import io.vfmigrate.host.ManagedHost;
import io.vfmigrate.model.VfmigrateException;
import io.vfmigrate.tools.sysfs.PciSysfs;
import io.vfmigrate.tools.virsh.Virsh;
import io.vfmigrate.workflow.DomainUsage;
import io.vfmigrate.workflow.VfRelease;
import io.vfmigrate.workflow.attach.VfInventory;
import io.vfmigrate.workflow.claims.Claims;
import io.vfmigrate.workflow.claims.Holder;
import io.vfmigrate.workflow.event.EventSink;
import io.vfmigrate.workflow.journal.ClaimRecord;
import io.vfmigrate.workflow.journal.Journal;
import io.vfmigrate.workflow.journal.OperationEnd;
import io.vfmigrate.workflow.journal.OperationKind;
import io.vfmigrate.workflow.journal.OperationRecord;
import io.vfmigrate.workflow.journal.OperationStart;
import io.vfmigrate.workflow.journal.Operations;
import io.vfmigrate.workflow.prepare.Prepare;
import io.vfmigrate.workflow.prepare.PrepareOptions;
import io.vfmigrate.workflow.prepare.Teardown;
import io.vfmigrate.workflow.recover.Recovery.Action;
import io.vfmigrate.workflow.steps.Step;
import io.vfmigrate.workflow.steps.StepRunner;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * {@code recover}: settles every operation whose process died before it ended. It looks at the
 * hosts, not at what the journal hoped: where the domain is, whether it runs or is paused, whether
 * a job still runs, the VFs and the claims. Then it finishes or undoes the operation and says which
 * and why. It never destroys the only running copy of a VM: a copy is destroyed only while another
 * copy runs, and two running copies are left to a person.
 */
public final class Recover {
  /** How long an orphaned job that still runs (a p2p migration) is given to end by itself. */
  static final Duration JOB_WAIT = Duration.ofMinutes(10);

  /**
   * How long a left-over migration job may move no bytes before recover aborts it ({@code virsh
   * domjobabort}): migrate's own default {@code --stall-timeout}.
   */
  static final Duration JOB_STALL = Duration.ofSeconds(30);

  /**
   * How long recover waits for a job it aborted to end. On the real lab (libvirt 9.0, QEMU 7.2,
   * multifd) an accepted abort of a migration whose link was down left the job running until the
   * link came back: QEMU's migration threads wait on their connections.
   */
  static final Duration ABORT_WAIT = Duration.ofSeconds(60);

  private final Fleet fleet;
  private final Operations operations;
  private final EventSink events;

  public Recover(Fleet fleet, Operations operations, EventSink events) {
    this.fleet = fleet;
    this.operations = operations;
    this.events = events;
  }

  public RecoverReport run(boolean dryRun) {
    Journal journal = operations.journal();
    List<OperationRecord> pending = new ArrayList<>();
    List<Recovery> out = new ArrayList<>();
    for (OperationRecord op : journal.unfinished()) {
      if (op.kind() == OperationKind.RECOVER && operations.dead(op)) {
        // A recover that died changed only what the next recover looks at again.
        if (!dryRun) {
          journal.end(
              op.id(),
              OperationEnd.of(
                  "interrupted", operations.clock().instant(), "superseded by a later recover"));
        }
        continue;
      }
      if (op.kind() == OperationKind.RECOVER) {
        continue;
      }
      if (!operations.dead(op)) {
        out.add(
            new Recovery(
                op.id(),
                op.kind().label(),
                op.vm(),
                Action.NONE,
                "still running in process "
                    + op.pid()
                    + " on "
                    + op.machine()
                    + (op.machine().equals(operations.machine()) ? "" : " (another machine)"),
                false));
        continue;
      }
      pending.add(op);
    }
    List<String> cleared = new ArrayList<>();
    if (pending.isEmpty() && staleClaims().isEmpty()) {
      return new RecoverReport(out, cleared, dryRun);
    }
    StepRunner runner = null;
    String recoverId = null;
    if (!dryRun) {
      recoverId =
          journal.begin(
              new OperationStart(
                  OperationKind.RECOVER,
                  Optional.empty(),
                  fleet.names(),
                  operations.clock().instant(),
                  operations.machine(),
                  operations.pid(),
                  "recover"));
      runner = new StepRunner(journal, recoverId, events, operations.clock());
    }
    // An evacuation is settled after its migrations (unfinished operations of their own): its
    // outcome is what they and the source show once they are settled.
    List<OperationRecord> ordered = new ArrayList<>();
    pending.stream().filter(op -> op.kind() != OperationKind.EVACUATE).forEach(ordered::add);
    pending.stream().filter(op -> op.kind() == OperationKind.EVACUATE).forEach(ordered::add);
    for (OperationRecord op : ordered) {
      Recovery r = settle(op, runner, dryRun, cleared);
      out.add(r);
      if (!dryRun && !r.needsAttention()) {
        journal.end(
            op.id(),
            OperationEnd.of(
                outcome(op, r.action()),
                operations.clock().instant(),
                "settled by vfmigrate recover (" + recoverId + "): " + r.detail()));
      }
    }
    // Claims of processes that died outside any journaled operation (or on a run whose journal
    // is elsewhere on this machine): their owners are gone, so nothing holds them.
    for (Holder stale : staleClaims()) {
      Host host = fleet.get(stale.claim().host()).host();
      if (cleared.contains(host.name() + ":" + stale.claim().path())) {
        continue; // a dry run listed it with its operation already
      }
      cleared.add(host.name() + ":" + stale.claim().path());
      if (!dryRun) {
        runner.forward(
            host.name(),
            new DeleteClaim(
                stale.claim().path(), stale.claim().owner().map(o -> o.operation()).orElse("?")),
            host);
      }
    }
    RecoverReport report = new RecoverReport(out, cleared, dryRun);
    if (!dryRun) {
      journal.end(
          recoverId,
          OperationEnd.of(
              report.consistent() ? "consistent" : "needs-attention",
              operations.clock().instant(),
              out.size() + " operation(s) looked at"));
    }
    return report;
  }

  private static String outcome(OperationRecord op, Action action) {
    return switch (op.kind()) {
      case MIGRATE -> action == Action.FINISHED ? "migrated" : "rolled-back";
      case ATTACH -> "interrupted";
      case EVACUATE -> action == Action.FINISHED ? "evacuated" : "partial";
      // Preparation and teardown are run again to their end, never undone.
      default -> "applied";
    };
  }

  private Recovery settle(
      OperationRecord op, StepRunner runner, boolean dryRun, List<String> cleared) {
    try {
      return switch (op.kind()) {
        case MIGRATE ->
            new MigrationRecovery(fleet, operations.journal(), op, runner, dryRun, events)
                .settle(() -> releaseClaims(op, runner, dryRun, cleared));
        case PREPARE, TEARDOWN -> rerun(op, runner, dryRun, cleared);
        case ATTACH -> attach(op, runner, dryRun, cleared);
        case EVACUATE -> new EvacuationRecovery(fleet, operations.journal()).settle(op, dryRun);
        case RECOVER -> new Recovery(op.id(), op.kind().label(), op.vm(), Action.NONE, "", false);
      };
    } catch (VfmigrateException e) {
      return new Recovery(
          op.id(),
          op.kind().label(),
          op.vm(),
          Action.NONE,
          "could not look at the hosts: "
              + e.getMessage()
              + (e.fix().isBlank() ? "" : " (" + e.fix() + ")"),
          true);
    }
  }

  /** Preparation and teardown are idempotent: running them again carries them to their end. */
  private Recovery rerun(
      OperationRecord op, StepRunner runner, boolean dryRun, List<String> cleared) {
    String hostName = op.hosts().get(0);
    ManagedHost host = fleet.get(hostName);
    String bridge = Arguments.value(op.arguments(), "--bridge").orElse("br-vf");
    releaseClaims(op, runner, dryRun, cleared);
    if (op.kind() == OperationKind.PREPARE) {
      OptionalInt vfs =
          Arguments.value(op.arguments(), "--vfs")
              .map(v -> OptionalInt.of(Integer.parseInt(v)))
              .orElse(OptionalInt.empty());
      var result =
          new Prepare(runner == null ? StepRunner.inMemory(events) : runner)
              .run(host, new PrepareOptions(bridge, vfs), dryRun);
      return new Recovery(
          op.id(),
          op.kind().label(),
          op.vm(),
          Action.FINISHED,
          (dryRun ? "would run " : "ran ")
              + "the remaining "
              + result.steps().size()
              + " preparation step(s) on "
              + hostName
              + (result.rebootRequired() ? "; the host still needs a reboot" : ""),
          false);
    }
    var result =
        new Teardown(runner == null ? StepRunner.inMemory(events) : runner)
            .run(host, bridge, dryRun);
    return new Recovery(
        op.id(),
        op.kind().label(),
        op.vm(),
        Action.FINISHED,
        (dryRun ? "would run " : "ran ")
            + "the remaining "
            + result.steps().size()
            + " teardown step(s) on "
            + hostName,
        false);
  }

  /** {@code virsh attach-device} is all or nothing: only the MAC reservations are left over. */
  private Recovery attach(
      OperationRecord op, StepRunner runner, boolean dryRun, List<String> cleared) {
    releaseClaims(op, runner, dryRun, cleared);
    String hostName = op.hosts().get(0);
    String vm = op.vm().orElse("");
    Virsh virsh = new Virsh(fleet.get(hostName).host());
    List<String> vfs =
        virsh.domstate(vm).isPresent()
            ? virsh.dumpxml(vm).hostdevInterfaces().stream()
                .map(h -> h.source().toString())
                .toList()
            : List.of();
    return new Recovery(
        op.id(),
        op.kind().label(),
        op.vm(),
        Action.NONE,
        "libvirt attaches a device whole or not at all; "
            + vm
            + " on "
            + hostName
            + " has "
            + (vfs.isEmpty() ? "no VF" : "VF " + String.join(", ", vfs)),
        false);
  }

  /** Every stale claim on every host: owners of this machine that are gone. */
  private List<Holder> staleClaims() {
    Claims claims = new Claims(operations.liveness());
    List<Holder> out = new ArrayList<>();
    for (ManagedHost h : fleet.all()) {
      for (Holder holder : claims.holders(h.host())) {
        if (holder.stale()) {
          out.add(holder);
        }
      }
    }
    return out;
  }

  /** Removes the claim files the journal says this operation took and did not release. */
  void releaseClaims(OperationRecord op, StepRunner runner, boolean dryRun, List<String> cleared) {
    for (ClaimRecord claim : operations.journal().claims(op.id())) {
      if (claim.released().isPresent()) {
        continue;
      }
      Host host = fleet.get(claim.host()).host();
      if (!host.exists(claim.path())) {
        continue;
      }
      cleared.add(claim.host() + ":" + claim.path());
      if (dryRun) {
        continue;
      }
      Step<Host> release = new DeleteClaim(claim.path(), op.id());
      runner.forward(claim.host(), release, host);
      operations
          .journal()
          .claimReleased(op.id(), claim.host(), claim.path(), operations.clock().instant());
    }
  }

  /**
   * Puts every VF that nothing uses or claims, and that preparation had marked migratable, back
   * into the prepared state (libvirt hands a VF a domain let go of to mlx5_core).
   */
  static List<String> reprepareFreeVfs(ManagedHost managed, boolean dryRun) {
    Host host = managed.host();
    Virsh virsh = new Virsh(host);
    VfInventory vfs = VfInventory.read(host, DomainUsage.of(virsh), managed.pf());
    List<String> done = new ArrayList<>();
    for (VfInventory.Vf vf : vfs.all()) {
      if (vf.usedBy().isEmpty() && vf.migratable() && !vf.prepared()) {
        if (!dryRun) {
          VfRelease.ensureDetached(virsh, new PciSysfs(host), vf.pci());
        }
        done.add(vf.pci().toString());
      }
    }
    return done;
  }

  /** Deletes a claim file whose operation is settled. */
  record DeleteClaim(String path, String operation) implements Step<Host> {
    @Override
    public String description() {
      return "remove the claim " + path + " of " + operation;
    }

    @Override
    public String command() {
      return "rm -f " + path;
    }

    @Override
    public void apply(Host host) {
      host.deleteFile(path);
    }

    @Override
    public void undo(Host host) {
      // A settled claim is not taken again.
    }
  }
}
