package io.vfmigrate.workflow.preflight;

import io.vfmigrate.host.Fleet;
import io.vfmigrate.host.ManagedHost;
import io.vfmigrate.model.Finding;
import io.vfmigrate.model.Names;
import io.vfmigrate.model.VfmigrateException;
import io.vfmigrate.tools.virsh.Virsh;
import io.vfmigrate.workflow.claims.ClaimLiveness;
import io.vfmigrate.workflow.event.Event;
import io.vfmigrate.workflow.event.EventSink;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Runs every prerequisite check on the named hosts, every pair check across them, and the VM
 * checks; reports all findings at once and never stops at the first failure.
 */
public final class Preflight {
  private static final List<PairCheck> PAIR_CHECKS =
      List.of(new FirmwareMatchCheck(), new PsidMatchCheck(), new SwitchoverAckCheck());

  /** The finding of a host that cannot be reached at all; its other checks are skipped. */
  public static final String HOST_REACHABLE = "host-reachable";

  /** Finding ids of a VM that is nowhere to be found. */
  public static final String VM_FOUND = "vm-found";

  private final Fleet fleet;
  private final EventSink events;
  private final List<HostCheck> hostChecks;

  /** Which checks run, by finding id: host, pair and prerequisite checks alike. */
  private final java.util.function.Predicate<String> wanted;

  public Preflight(Fleet fleet, EventSink events) {
    this(fleet, events, ClaimLiveness.onThisMachine());
  }

  /** With claims judged by {@code liveness} (the stale-claims check). */
  public Preflight(Fleet fleet, EventSink events, ClaimLiveness liveness) {
    this(fleet, events, liveness, id -> true);
  }

  private Preflight(
      Fleet fleet,
      EventSink events,
      ClaimLiveness liveness,
      java.util.function.Predicate<String> wanted) {
    this.fleet = fleet;
    this.events = events;
    this.wanted = wanted;
    this.hostChecks =
        List.of(
            new NicModelCheck(),
            new FirmwareVersionCheck(),
            new MstflintInstalledCheck(),
            new VfMigrationModeCheck(),
            new OpenvswitchInstalledCheck(),
            new IommuCheck(),
            new SriovCapableCheck(),
            new VfioVariantDriverCheck(),
            new DevlinkMigratableCheck(),
            new QemuVersionCheck(),
            new LibvirtRunningCheck(),
            new LibvirtVersionCheck(),
            new StaleClaimsCheck(liveness));
  }

  /**
   * Only the host, pair and prerequisite checks with these ids, e.g. the ones that block a
   * migration: a command that needs only those reads only what they need (the migrate guards ask
   * the prerequisites of their one direction themselves, and no other host pair's reachability or
   * firewall).
   */
  public static Preflight only(Fleet fleet, EventSink events, java.util.Set<String> ids) {
    return new Preflight(fleet, events, ClaimLiveness.onThisMachine(), ids::contains);
  }

  /** Checks {@code hosts} (all when empty) and, when given, the VM {@code vm}. */
  public PreflightReport run(List<String> hosts, Optional<String> vm) {
    vm.ifPresent(Names::vmName);
    List<HostProbe> probes = new ArrayList<>();
    List<Finding> findings = new ArrayList<>();
    for (ManagedHost h : fleet.select(hosts)) {
      Optional<Finding> unreachable = unreachable(h);
      if (unreachable.isPresent()) {
        // Every other check would fail with the same transport error; one finding says it.
        findings.add(report(unreachable.get()));
      } else {
        probes.add(new HostProbe(h));
      }
    }
    for (HostProbe probe : probes) {
      events.emit(new Event.StepStarted(probe.name(), "checking prerequisites"));
      for (HostCheck check : hostChecks) {
        if (wanted.test(check.id())) {
          findings.add(report(safely(check.id(), probe.name(), () -> check.check(probe))));
        }
      }
    }
    for (int i = 0; i < probes.size(); i++) {
      for (int j = i + 1; j < probes.size(); j++) {
        HostProbe a = probes.get(i);
        HostProbe b = probes.get(j);
        for (PairCheck check : PAIR_CHECKS) {
          if (wanted.test(check.id())) {
            findings.add(
                report(safely(check.id(), a.name() + "," + b.name(), () -> check.check(a, b))));
          }
        }
        if (Prerequisites.IDS.stream().anyMatch(wanted)) {
          Prerequisites.pair(a, b).stream()
              .filter(f -> wanted.test(f.id()))
              .forEach(f -> findings.add(report(f)));
        }
      }
    }
    vm.ifPresent(name -> findings.addAll(checkVm(probes, name)));
    return new PreflightReport(findings);
  }

  /** The host answers a trivial command, or the finding that says why not. */
  private static Optional<Finding> unreachable(ManagedHost h) {
    try {
      h.host().run(io.vfmigrate.host.Command.of("uname", "-r"));
      return Optional.empty();
    } catch (VfmigrateException e) {
      return Optional.of(
          Finding.fail(
              HOST_REACHABLE,
              h.name(),
              "cannot run commands on " + h.name() + ": " + e.getMessage(),
              e.fix().isBlank() ? "check the host's entry in the inventory" : e.fix()));
    }
  }

  private List<Finding> checkVm(List<HostProbe> probes, String vm) {
    List<Finding> out = new ArrayList<>();
    Optional<HostProbe> home = Optional.empty();
    for (HostProbe probe : probes) {
      try {
        if (new Virsh(probe.host()).listAllNames().contains(vm)) {
          home = Optional.of(probe);
          break;
        }
      } catch (VfmigrateException e) {
        // A host whose libvirt does not answer is reported by libvirt-running; look further.
      }
    }
    if (home.isEmpty()) {
      String hosts = String.join(",", probes.stream().map(HostProbe::name).toList());
      out.add(
          report(
              Finding.fail(
                  VM_FOUND,
                  hosts,
                  "no host among " + hosts + " has a domain named " + vm,
                  "check the name with: virsh list --all (on each host)")));
      return out;
    }
    HostProbe probe = home.get();
    out.add(report(Finding.pass(VM_FOUND, probe.name(), vm + " is defined on " + probe.name())));
    out.add(
        report(
            safely(
                VmNoViommuCheck.ID, probe.name(), () -> new VmNoViommuCheck().check(probe, vm))));
    out.addAll(prerequisites(probes, probe, vm));
    return out;
  }

  /** The general migration prerequisites of {@code vm} towards every other host. */
  private List<Finding> prerequisites(List<HostProbe> probes, HostProbe home, String vm) {
    List<Finding> out = new ArrayList<>();
    List<HostProbe> others = probes.stream().filter(p -> p != home).toList();
    if (others.isEmpty()) {
      return out;
    }
    io.vfmigrate.model.DomainXml xml;
    try {
      xml = new Virsh(home.host()).dumpxml(vm);
    } catch (VfmigrateException e) {
      // A VM that cannot be read cannot be checked: each of its findings says why.
      for (String id : Prerequisites.GUEST_IDS) {
        out.add(
            report(
                safely(
                    id,
                    home.name(),
                    () -> {
                      throw e;
                    })));
      }
      return out;
    }
    for (HostProbe other : others) {
      Prerequisites.vm(home, other, vm, xml).forEach(f -> out.add(report(f)));
    }
    return out;
  }

  private Finding report(Finding finding) {
    events.emit(new Event.FindingReported(finding));
    return finding;
  }

  /** A check that cannot read what it needs fails with the tool's own error and its fix. */
  static Finding safely(String id, String host, java.util.function.Supplier<Finding> check) {
    try {
      return check.get();
    } catch (VfmigrateException e) {
      String fix =
          e.fix().isBlank() ? "see the error; run with --verbose to see the commands" : e.fix();
      return Finding.fail(id, host, "could not check: " + e.getMessage(), fix);
    }
  }
}
