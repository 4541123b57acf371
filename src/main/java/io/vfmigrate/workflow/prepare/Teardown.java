package io.vfmigrate.workflow.prepare;

import io.vfmigrate.host.ManagedHost;
import io.vfmigrate.model.NeedsAttentionException;
import io.vfmigrate.model.NotReadyException;
import io.vfmigrate.model.PciAddress;
import io.vfmigrate.model.VfmigrateException;
import io.vfmigrate.workflow.DomainUsage;
import io.vfmigrate.workflow.claims.ClaimLiveness;
import io.vfmigrate.workflow.event.Event;
import io.vfmigrate.workflow.event.EventSink;
import io.vfmigrate.workflow.prepare.HostState.VfState;
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
  private final EventSink events;
  private final ClaimLiveness liveness;

  public Teardown(EventSink events) {
    this(events, ClaimLiveness.onThisMachine());
  }

  /** With claims judged by {@code liveness} (stale or live in a refusal). */
  public Teardown(EventSink events, ClaimLiveness liveness) {
    this.events = events;
    this.liveness = liveness;
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
            "migrate "
                + user.get()
                + " to another host (vfmigrate migrate "
                + user.get()
                + " --from "
                + managed.name()
                + " --to HOST) or detach its VF first");
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
          steps.add(new TeardownSteps.DeletePort(bridge, rep.get()));
        }
      }
      if (s.uplinkNetdev().isPresent() && ports.contains(s.uplinkNetdev().get())) {
        steps.add(new TeardownSteps.DeletePort(bridge, s.uplinkNetdev().get()));
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
        steps.add(new TeardownSteps.DeleteBridge(bridge));
        bridgesLeft--;
      }
    }
    for (VfState vf : s.vfs()) {
      if (vf.migratable()) {
        steps.add(new Steps.SetMigratable(pf, vf.index(), vf.port().get().handle(), false));
      }
    }
    for (VfState vf : s.vfs()) {
      if (vf.detached()) {
        steps.add(new TeardownSteps.ReattachVf(vf.pci()));
      }
    }
    if (s.numVfs() > 0) {
      steps.add(new Steps.WriteNumVfs(pf, 0, s.numVfs()));
    }
    if (!"legacy".equals(s.eswitchMode())) {
      steps.add(new Steps.SetEswitchMode(pf, "legacy", s.eswitchMode()));
    }
    if (s.ovsActive() && bridgesLeft == 0) {
      if ("true".equals(s.otherConfig().get("hw-offload"))) {
        steps.add(new TeardownSteps.RemoveOtherConfig("hw-offload", "true"));
      }
      if (Planner.MAX_IDLE.equals(s.otherConfig().get("max-idle"))) {
        steps.add(new TeardownSteps.RemoveOtherConfig("max-idle", Planner.MAX_IDLE));
      }
      steps.add(new TeardownSteps.StopService(Steps.OVS_UNIT));
    }
    return steps;
  }

  private void apply(String host, HostTools tools, List<Step> steps) {
    int done = 0;
    for (Step step : steps) {
      events.emit(new Event.StepStarted(host, step.description()));
      try {
        step.apply(tools);
      } catch (VfmigrateException e) {
        events.emit(new Event.StepFinished(host, step.description(), false));
        throw new NeedsAttentionException(
            "Teardown step '"
                + step.description()
                + "' failed on "
                + host
                + ": "
                + step.command()
                + ": "
                + e.getMessage()
                + "\n"
                + done
                + " of "
                + steps.size()
                + " steps were done.",
            "fix the cause, then run vfmigrate teardown --host "
                + host
                + " again; it continues from the current state",
            e);
      }
      done++;
      events.emit(new Event.StepFinished(host, step.description(), true));
    }
  }
}
