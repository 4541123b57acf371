package io.vfmigrate.workflow.migrate;

import io.vfmigrate.host.Fleet;
import io.vfmigrate.host.ManagedHost;
import io.vfmigrate.model.DomainXml;
import io.vfmigrate.model.Finding;
import io.vfmigrate.model.HostdevInterface;
import io.vfmigrate.model.PciAddress;
import io.vfmigrate.model.VfmigrateException;
import io.vfmigrate.tools.virsh.JobInfo;
import io.vfmigrate.tools.virsh.JobType;
import io.vfmigrate.tools.virsh.Virsh;
import io.vfmigrate.workflow.DomainUsage;
import io.vfmigrate.workflow.SnapshotHost;
import io.vfmigrate.workflow.VmWhereabouts;
import io.vfmigrate.workflow.attach.VfInventory;
import io.vfmigrate.workflow.claims.ClaimLiveness;
import io.vfmigrate.workflow.claims.Claims;
import io.vfmigrate.workflow.claims.Holder;
import io.vfmigrate.workflow.event.EventSink;
import io.vfmigrate.workflow.preflight.Preflight;
import io.vfmigrate.workflow.preflight.PreflightReport;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Every reason not to start a migration, evaluated before anything changes and reported together:
 * post-copy, tunnelling, a VM that is not running on the source, a vIOMMU, a destination that
 * differs in card or firmware or has no free prepared VF, and more than 4 VFs of one PF migrating
 * at once.
 */
final class MigrationGuards {
  /** NVIDIA and RHEL: at most 4 VFs of one ConnectX-7 PF may migrate at the same time. */
  static final int MAX_VFS_PER_PF = Claims.SLOTS_PER_PF;

  /** Preflight findings that make a VF migration impossible between the two hosts. */
  private static final Set<String> BLOCKING =
      Set.of(
          "nic-model",
          "firmware-version",
          "vf-migration-mode",
          "vfio-variant-driver",
          "qemu-version",
          "libvirt-version",
          "firmware-match",
          "psid-match",
          "libvirt-running");

  private MigrationGuards() {}

  /** What the guards learned that the migration needs: the domain XML and the VFs to move. */
  record Verdict(
      List<Refusal> refusals,
      Optional<DomainXml> xml,
      List<PciAddress> sourceVfs,
      List<PciAddress> destinationVfs,
      Optional<Fleet> seen) {
    Verdict(
        List<Refusal> refusals,
        Optional<DomainXml> xml,
        List<PciAddress> sourceVfs,
        List<PciAddress> destinationVfs) {
      this(refusals, xml, sourceVfs, destinationVfs, Optional.empty());
    }
  }

  /**
   * The guards on a snapshot of both hosts: what they read is read once per host, in a few batches,
   * both hosts at once ({@link GuardReads}). The verdict keeps the snapshot: the rewrite uses its
   * {@code dumpxml --migratable}, the multifd decision what QEMU reported.
   */
  static Verdict evaluate(Fleet fleet, MigrateRequest r, ClaimLiveness liveness) {
    return evaluate(fleet, r, liveness, Optional.empty());
  }

  /**
   * As above, on a snapshot whose first batch a {@link GuardHeadStart} has read already: the guards
   * judge its answers while the later batches are read, and wait for them when they need one.
   */
  static Verdict evaluate(
      Fleet fleet,
      MigrateRequest r,
      ClaimLiveness liveness,
      Optional<GuardHeadStart.Reading> headStart) {
    if (r.source().equals(r.destination())) {
      return evaluateOn(fleet, r, liveness);
    }
    Verdict v;
    Fleet seen;
    if (headStart.isPresent()) {
      try {
        v = evaluateOn(headStart.get().awaited(), r, liveness);
      } finally {
        seen = headStart.get().settled();
      }
    } else {
      seen = SnapshotHost.snapshot(fleet);
      GuardReads.prefetch(seen.get(r.source()), seen.get(r.destination()), r.vm());
      v = evaluateOn(seen, r, liveness);
    }
    return new Verdict(v.refusals(), v.xml(), v.sourceVfs(), v.destinationVfs(), Optional.of(seen));
  }

  private static Verdict evaluateOn(Fleet fleet, MigrateRequest r, ClaimLiveness liveness) {
    List<Refusal> refusals = new ArrayList<>();
    if (r.postcopy()) {
      refusals.add(
          new Refusal(
              "postcopy",
              "post-copy migration cannot move a VF: QEMU refuses it ('VFIO migration is not"
                  + " supported with postcopy migration'), and a failed post-copy loses the VM",
              "drop --postcopy/--postcopy-after-precopy/--timeout-postcopy; vfmigrate raises the"
                  + " downtime limit step by step instead (--max-downtime)"));
    }
    if (r.tunnelled()) {
      refusals.add(
          new Refusal(
              "tunnelled",
              "tunnelled migration sends everything through libvirtd and cannot carry the VF's"
                  + " device state efficiently (nor post-copy or multifd)",
              "drop --tunnelled; vfmigrate uses a direct qemu+ssh:// migration"));
    }
    if (r.source().equals(r.destination())) {
      refusals.add(
          new Refusal(
              "same-host",
              "source and destination are the same host",
              "name another host with --to"));
      return new Verdict(refusals, Optional.empty(), List.of(), List.of());
    }
    ManagedHost src = fleet.get(r.source());
    ManagedHost dst = fleet.get(r.destination());
    Virsh srcVirsh = new Virsh(src.host());

    Optional<String> state = srcVirsh.domstate(r.vm());
    if (state.isEmpty() || !"running".equals(state.get())) {
      boolean onDestination = new Virsh(dst.host()).domstate(r.vm()).isPresent();
      Optional<String> elsewhere =
          state.isPresent() || onDestination
              ? Optional.empty()
              : VmWhereabouts.of(fleet, r.vm()).definedOn().stream().findFirst();
      refusals.add(
          new Refusal(
              "vm-running",
              state.isEmpty()
                  ? r.vm()
                      + " is not defined on "
                      + r.source()
                      + (onDestination ? "; it is on " + r.destination() + " already" : "")
                      + elsewhere.map(h -> "; it is defined on " + h).orElse("")
                  : r.vm()
                      + " is "
                      + state.get()
                      + " on "
                      + r.source()
                      + "; live migration moves a running VM",
              state.isEmpty() ? whereItIs(r, onDestination, elsewhere) : "virsh start " + r.vm()));
      return new Verdict(refusals, Optional.empty(), List.of(), List.of());
    }

    DomainXml xml = srcVirsh.dumpxml(r.vm());
    if (xml.hasViommu()) {
      refusals.add(
          new Refusal(
              "viommu",
              r.vm() + " has a virtual IOMMU; QEMU blocks VFIO migration with it",
              "remove <iommu> from the domain (virsh edit " + r.vm() + ") and restart the VM"));
    }
    List<PciAddress> sourceVfs =
        xml.hostdevInterfaces().stream().map(HostdevInterface::source).toList();

    List<Finding> blocking = hostFindings(fleet, r, !sourceVfs.isEmpty());
    blocking.forEach(f -> refusals.add(new Refusal(f.id(), f.host() + ": " + f.detail(), f.fix())));
    // A host whose libvirt does not answer is refused for that, with its fix; what the other
    // guards would read through that libvirt cannot be read.
    Set<String> silent =
        blocking.stream()
            .filter(f -> f.id().equals("libvirt-running"))
            .map(Finding::host)
            .collect(Collectors.toSet());
    if (silent.isEmpty()) {
      refusals.addAll(PrerequisiteGuards.refusals(fleet, r, xml));
    }

    if (!sourceVfs.isEmpty() && !silent.contains(r.source())) {
      VfInventory srcVfs = VfInventory.read(src.host(), DomainUsage.of(srcVirsh), src.pf());
      for (PciAddress vf : sourceVfs) {
        Optional<VfInventory.Vf> known = srcVfs.find(vf);
        if (known.isPresent() && !known.get().migratable()) {
          refusals.add(
              new Refusal(
                  "source-vf-migratable",
                  "VF " + vf + " of " + r.vm() + " is not marked migratable on " + r.source(),
                  "detach the VF, run vfmigrate prepare --host "
                      + r.source()
                      + ", then vfmigrate attach "
                      + r.vm()
                      + " --host "
                      + r.source()));
        }
      }
      InFlight inFlight = migratingVfs(src, srcVirsh, r.vm());
      if (sourceVfs.size() + inFlight.vfs() > MAX_VFS_PER_PF) {
        refusals.add(
            new Refusal(
                "vfs-per-pf",
                (sourceVfs.size() + inFlight.vfs())
                    + " VFs of "
                    + src.pf()
                    + " would migrate at once ("
                    + inFlight.vfs()
                    + " already migrating"
                    + inFlight.unreadableNote()
                    + "); ConnectX-7 allows at most "
                    + MAX_VFS_PER_PF,
                inFlight.unreadable().isEmpty()
                    ? "wait for the running migrations to finish, then try again"
                    : "wait for the running migrations to finish, or find out what "
                        + inFlight.unreadable().get(0).domain()
                        + " is doing (virsh domjobinfo "
                        + inFlight.unreadable().get(0).domain()
                        + " on "
                        + r.source()
                        + "), then try again"));
      }
    }

    List<PciAddress> claimed = new ArrayList<>();
    if (!sourceVfs.isEmpty() && !silent.contains(r.destination())) {
      Virsh dstVirsh = new Virsh(dst.host());
      VfInventory dstVfs = VfInventory.read(dst.host(), DomainUsage.of(dstVirsh), dst.pf());
      List<PciAddress> free =
          dstVfs.all().stream().filter(VfInventory.Vf::free).map(VfInventory.Vf::pci).toList();
      if (free.size() < sourceVfs.size()) {
        // Claimed VFs are named with their owners: a claim left by a killed run is stale, and
        // recover frees it without preparing more VFs.
        List<Holder> claims =
            dstVfs.all().stream()
                .filter(VfInventory.Vf::prepared)
                .flatMap(v -> dstVfs.claimOf(v.pci()).stream())
                .map(liveness::judge)
                .toList();
        String prepare =
            "vfmigrate prepare --host "
                + r.destination()
                + " --vfs "
                + (dstVfs.all().size() - free.size() + sourceVfs.size());
        refusals.add(
            new Refusal(
                "destination-vf",
                r.destination()
                    + " has "
                    + free.size()
                    + " free prepared VF"
                    + (free.size() == 1 ? "" : "s")
                    + " on "
                    + dst.pf()
                    + "; "
                    + r.vm()
                    + " needs "
                    + sourceVfs.size()
                    + (claims.isEmpty()
                        ? ""
                        : "; claimed: "
                            + String.join("; ", claims.stream().map(Holder::describe).toList())),
                claims.isEmpty() ? prepare : Holder.fix(claims) + "; or " + prepare));
      } else {
        claimed.addAll(free.subList(0, sourceVfs.size()));
      }
    }
    return new Verdict(refusals, Optional.of(xml), sourceVfs, claimed);
  }

  /**
   * After the destination VFs are claimed, whether a domain took one of them between the guards and
   * the claim (an attach that finished meanwhile): the claim is the lock, this is the check.
   */
  static Optional<Refusal> destinationTakenMeanwhile(
      Fleet fleet, MigrateRequest r, Collection<PciAddress> vfs) {
    if (vfs.isEmpty()) {
      return Optional.empty();
    }
    DomainUsage usage = DomainUsage.of(new Virsh(fleet.get(r.destination()).host()));
    for (PciAddress vf : vfs) {
      Optional<String> user = usage.userOf(vf);
      if (user.isPresent()) {
        return Optional.of(
            new Refusal(
                "destination-vf",
                "VF "
                    + vf
                    + " on "
                    + r.destination()
                    + " was given to "
                    + user.get()
                    + " a moment ago",
                "run the migration again; it picks another free VF"));
      }
    }
    return Optional.empty();
  }

  /** The fix for a VM that the source does not define: name the host that has it. */
  private static String whereItIs(
      MigrateRequest r, boolean onDestination, Optional<String> elsewhere) {
    if (onDestination) {
      return "nothing to move: "
          + r.vm()
          + " is on "
          + r.destination()
          + "; to move it from there, give --from "
          + r.destination()
          + " (vfmigrate migrate "
          + r.vm()
          + " --from "
          + r.destination()
          + " --to HOST)";
    }
    return elsewhere
        .map(
            h ->
                "give --from "
                    + h
                    + ": vfmigrate migrate "
                    + r.vm()
                    + " --from "
                    + h
                    + " --to "
                    + r.destination())
        .orElse("check where it runs: vfmigrate check --vm " + r.vm());
  }

  /**
   * Host findings that block, failed: all of {@link #BLOCKING} when a VF moves; without a VF it is
   * a plain live migration, and only a libvirt that does not answer blocks it.
   */
  private static List<Finding> hostFindings(Fleet fleet, MigrateRequest r, boolean withVf) {
    Set<String> ids = withVf ? BLOCKING : Set.of("libvirt-running");
    PreflightReport report =
        Preflight.only(fleet, EventSink.none(), ids)
            .run(List.of(r.source(), r.destination()), Optional.empty());
    return report.findings().stream().filter(f -> f.failed() && ids.contains(f.id())).toList();
  }

  /** A running domain whose migration job could not be read, and why. */
  record Unreadable(String domain, String error) {}

  /**
   * The VFs of the PF that other domains are migrating out right now. A running domain whose job
   * cannot be read counts as migrating (the guard fails closed) and is named in {@code unreadable}.
   */
  record InFlight(int vfs, List<Unreadable> unreadable) {
    String unreadableNote() {
      if (unreadable.isEmpty()) {
        return "";
      }
      return "; counted as migrating because their migration job could not be read: "
          + String.join(
              "; ", unreadable.stream().map(u -> u.domain() + " (" + u.error() + ")").toList());
    }
  }

  /**
   * VFs of other domains on the source that are migrating out right now. A domain that does not run
   * has no job; a running one whose job cannot be read is counted as migrating.
   */
  private static InFlight migratingVfs(ManagedHost src, Virsh virsh, String except) {
    int count = 0;
    List<Unreadable> unreadable = new ArrayList<>();
    for (String name : virsh.listAllNames()) {
      if (name.equals(except)) {
        continue;
      }
      Optional<String> state = virsh.domstate(name);
      if (state.isEmpty() || "shut off".equals(state.get())) {
        continue; // vanished meanwhile, or not running: no migration job
      }
      try {
        JobInfo job = virsh.domjobinfo(name);
        if (job.type() != JobType.UNBOUNDED
            || !job.operation().map(o -> o.contains("Outgoing migration")).orElse(false)) {
          continue;
        }
      } catch (VfmigrateException e) {
        unreadable.add(new Unreadable(name, e.getMessage()));
      }
      count +=
          (int)
              virsh.dumpxml(name).hostdevInterfaces().stream()
                  .filter(h -> sameDevice(h.source(), src.pf()))
                  .count();
    }
    return new InFlight(count, unreadable);
  }

  /** A VF of the PF: same domain and bus (ConnectX-7 VFs sit on the PF's bus). */
  private static boolean sameDevice(PciAddress vf, PciAddress pf) {
    return vf.domain() == pf.domain() && vf.bus() == pf.bus();
  }
}
