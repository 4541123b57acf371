package io.vfmigrate.workflow.prepare;

import io.vfmigrate.host.ManagedHost;
import io.vfmigrate.model.NotReadyException;
import io.vfmigrate.model.PciAddress;
import io.vfmigrate.workflow.DomainUsage;
import io.vfmigrate.workflow.claims.ClaimLiveness;
import io.vfmigrate.workflow.event.EventSink;
import io.vfmigrate.workflow.prepare.HostState.VfState;
import io.vfmigrate.workflow.steps.StepFailedException;
import io.vfmigrate.workflow.steps.StepRunner;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code teardown}: undoes preparation in reverse order (representor and uplink ports, bridge,
 * migratable, VFs back to the host driver, 0 VFs, eswitch legacy, and the Open vSwitch settings
 * when no bridge is left). Refused while a domain uses one of the VFs or a run has claimed one.
 * Re-running continues where a failed run stopped.
 */
public final class Teardown {
  private final StepRunner runner;
  private final ClaimLiveness liveness;

  public Teardown(EventSink events) {
    this(StepRunner.inMemory(events), ClaimLiveness.onThisMachine());
  }

  public Teardown(StepRunner runner) {
    this(runner, ClaimLiveness.onThisMachine());
  }

  /** With claims judged by {@code liveness} (stale or live in a refusal). */
  public Teardown(EventSink events, ClaimLiveness liveness) {
    this(StepRunner.inMemory(events), liveness);
  }

  public Teardown(StepRunner runner, ClaimLiveness liveness) {
    this.runner = runner;
    this.liveness = liveness;
  }

  /**
   * How to take a VF away from a VM: migrate the VM, or detach the VF with virsh (vfmigrate has no
   * detach command).
   */
  static String freeTheVf(String vm, String host) {
    return "migrate "
        + vm
        + " to another host (vfmigrate migrate "
        + vm
        + " --from "
        + host
        + " --to HOST), or detach the VF from it: save its <interface type='hostdev'> element"
        + " from `virsh dumpxml "
        + vm
        + "` on "
        + host
        + " to a file FILE, then run virsh detach-device "
        + vm
        + " FILE --live --config";
  }

  public PrepareResult run(ManagedHost managed, String bridge, boolean dryRun) {
    io.vfmigrate.model.Names.bridgeName(bridge);
    HostTools tools = HostTools.of(managed.name(), managed.host(), managed.pf());
    HostState state = StateReader.read(tools);
    DomainUsage usage = DomainUsage.of(tools.virsh());
    for (VfState vf : state.vfs()) {
      Optional<String> user = usage.userOf(vf.pci());
      if (user.isPresent()) {
        throw new NotReadyException(
            user.get()
                + " uses VF "
                + vf.pci()
                + " of "
                + managed.name()
                + "; tearing down would pull it from a running VM.",
            freeTheVf(user.get(), managed.name()));
      }
    }
    ClaimedVfs.refuse(
        managed,
        state,
        liveness,
        "Tearing down " + managed.name(),
        "then run vfmigrate teardown --host " + managed.name() + " again");
    List<Step> steps = plan(state, managed.pf(), bridge);
    List<PrepareResult.PlannedStep> shown = new ArrayList<>();
    for (Step s : steps) {
      shown.add(new PrepareResult.PlannedStep(s.description(), s.command()));
    }
    if (!dryRun) {
      apply(managed.name(), tools, steps);
    }
    return new PrepareResult(managed.name(), shown, !dryRun, false);
  }

  static List<Step> plan(HostState s, PciAddress pf, String bridge) {
    List<Step> steps = new ArrayList<>();
    List<String> ports = s.bridges().get(bridge);
    int bridgesLeft = s.bridges().size();
    if (ports != null) {
      for (VfState vf : s.vfs()) {
        Optional<String> rep = vf.port().flatMap(p -> p.netdev());
        if (rep.isPresent() && ports.contains(rep.get())) {
          steps.add(
              new Undone(
                  new Steps.AddPort(
                      bridge, "representor " + rep.get(), rep.get(), t -> rep.get())));
        }
      }
      if (s.uplinkNetdev().isPresent() && ports.contains(s.uplinkNetdev().get())) {
        steps.add(new Undone(uplinkPort(bridge, s.uplinkNetdev().get())));
      }
      List<String> others =
          ports.stream()
              .filter(p -> !p.equals(s.uplinkNetdev().orElse(null)))
              .filter(
                  p ->
                      s.vfs().stream()
                          .noneMatch(
                              v -> v.port().flatMap(x -> x.netdev()).map(p::equals).orElse(false)))
              .toList();
      if (others.isEmpty()) {
        steps.add(new Undone(new Steps.AddBridge(bridge)));
        bridgesLeft--;
      }
    }
    for (VfState vf : s.vfs()) {
      if (vf.migratable()) {
        steps.add(
            new Undone(new Steps.SetMigratable(pf, vf.index(), vf.port().get().handle(), true)));
      }
    }
    for (VfState vf : s.vfs()) {
      if (vf.detached()) {
        steps.add(
            new Undone(new Steps.DetachVf(pf, vf.index(), vf.pci(), !s.libvirtBindsNamedDriver())));
      }
    }
    if (s.numVfs() > 0) {
      steps.add(new Undone(new Steps.WriteNumVfs(pf, s.numVfs(), 0)));
    }
    if (!"legacy".equals(s.eswitchMode())) {
      steps.add(new Undone(new Steps.SetEswitchMode(pf, s.eswitchMode(), "legacy")));
    }
    if (s.ovsActive() && bridgesLeft == 0) {
      if ("true".equals(s.otherConfig().get("hw-offload"))) {
        steps.add(new Undone(new Steps.SetOtherConfig("hw-offload", "true", Optional.empty(), "")));
      }
      if (Planner.MAX_IDLE.equals(s.otherConfig().get("max-idle"))) {
        steps.add(
            new Undone(
                new Steps.SetOtherConfig("max-idle", Planner.MAX_IDLE, Optional.empty(), "")));
      }
      steps.add(new Undone(new Steps.StartService(s.ovsUnit())));
    }
    return steps;
  }

  private static Step uplinkPort(String bridge, String uplink) {
    return new Steps.AddPort(bridge, "the PF uplink " + uplink, uplink, t -> uplink);
  }

  private void apply(String host, HostTools tools, List<Step> steps) {
    try {
      runner.applyAll(host, steps, tools);
    } catch (StepFailedException e) {
      throw Prepare.failure(
          e,
          host,
          "teardown",
          "fix the cause, then run vfmigrate teardown --host "
              + host
              + " again; it continues from the current state",
          Prepare.undone(steps, e));
    }
  }
}
