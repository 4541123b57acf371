package io.vfmigrate.workflow.prepare;

import io.vfmigrate.model.InvalidInputException;
import io.vfmigrate.model.PciAddress;
import io.vfmigrate.model.RepresentorNames;
import io.vfmigrate.workflow.prepare.HostState.VfState;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Computes the steps between a host's state and a prepared host (procedure steps 1-5). Pure: it
 * reads only the state it is given. Values that only exist after earlier steps (VF addresses,
 * devlink ports, representor names) are shown as predicted; the steps look them up when they run.
 */
final class Planner {
  static final String MAX_IDLE = "300000";

  private Planner() {}

  static Plan plan(HostState s, PciAddress pf, PrepareOptions options, int vfOffset) {
    List<Step> steps = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    if (!s.migrationEnabled()) {
      boolean nextEnabled =
          s.migrationModeNext().isPresent() && s.migrationModeNext().getAsInt() == 2;
      if (!nextEnabled) {
        steps.add(new Steps.EnableMigrationMode(pf, s.migrationModeNext()));
      }
      return new Plan(steps, true, notes);
    }
    if (!"switchdev".equals(s.eswitchMode())) {
      steps.add(new Steps.SetEswitchMode(pf, "switchdev", s.eswitchMode()));
    }
    int desired = options.vfs().orElse(Math.max(1, s.numVfs()));
    if (desired > s.totalVfs()) {
      throw new InvalidInputException(
          "The PF " + pf + " offers at most " + s.totalVfs() + " VFs; " + desired + " were asked.",
          "use --vfs " + Math.max(1, s.totalVfs()) + " or fewer.");
    }
    boolean fresh = s.numVfs() != desired;
    String base = s.uplinkNetdev().map(n -> n.replaceFirst("np\\d+$", "")).orElse("PF");
    if (fresh) {
      // The representors of VFs that go away leave their ports behind in Open vSwitch: they are
      // removed first, while their netdevs still exist (undone: added back once the VFs are).
      for (int i = desired; i < s.numVfs(); i++) {
        removePort(s, representor(s, base, i), i, steps);
      }
      if (s.numVfs() != 0) {
        steps.add(new Steps.WriteNumVfs(pf, 0, s.numVfs()));
      }
      steps.add(new Steps.WriteNumVfs(pf, desired, 0));
    }
    List<String> representors = new ArrayList<>();
    for (int i = 0; i < desired; i++) {
      Optional<VfState> vf =
          fresh || i >= s.vfs().size() ? Optional.empty() : Optional.of(s.vfs().get(i));
      PciAddress predicted = vf.map(VfState::pci).orElse(pf.plusRoutingId(vfOffset + i));
      if (vf.isEmpty() || !vf.get().detached()) {
        steps.add(new Steps.DetachVf(pf, i, predicted, !s.libvirtBindsNamedDriver()));
      }
      String handle =
          vf.flatMap(VfState::port).map(p -> p.handle()).orElse(pf.devlinkHandle() + "/" + (i + 1));
      if (vf.isEmpty() || !vf.get().migratable()) {
        steps.add(new Steps.SetMigratable(pf, i, handle, true));
      }
      representors.add(
          vf.flatMap(VfState::port).flatMap(p -> p.netdev()).orElse(RepresentorNames.of(base, i)));
    }
    planOpenVswitch(s, options.bridge(), representors, steps, notes, pf);
    return new Plan(steps, false, notes);
  }

  /**
   * {@code hw-offload=true} for a host whose Open vSwitch may already run: ovs-vswitchd turns
   * offload on as soon as it reads the setting and off only when it restarts, so when it ran
   * without offload (or cannot say) the undo restarts it after restoring the setting. When this run
   * starts Open vSwitch, the undo of that start stops it instead.
   */
  private static Step offloadSetting(HostState s, Optional<String> previous) {
    Step set =
        new Steps.SetOtherConfig(
            "hw-offload", "true", previous, "offload the VF's flows to the NIC");
    if (!s.ovsActive() || s.offload().enabled().orElse(false)) {
      return set;
    }
    Step.UndoOutcome outcome =
        s.offload().knownOff()
            ? new Step.UndoOutcome(
                true,
                s.ovsUnit() + " was restarted so that ovs-vswitchd runs without hw-offload again.")
            : new Step.UndoOutcome(
                false,
                s.ovsUnit()
                    + " was restarted so that ovs-vswitchd runs as its restored other_config says;"
                    + " whether it ran with hw-offload before this run could not be read ("
                    + s.offload().unreadable()
                    + ").");
    return new Steps.RestartedOnUndo(set, s.ovsUnit(), outcome);
  }

  /** The representor of existing VF {@code index}: as devlink names it, else as predicted. */
  private static String representor(HostState s, String base, int index) {
    return s.vfs().stream()
        .filter(vf -> vf.index() == index)
        .findFirst()
        .flatMap(VfState::port)
        .flatMap(p -> p.netdev())
        .orElse(RepresentorNames.of(base, index));
  }

  private static void removePort(HostState s, String port, int index, List<Step> steps) {
    s.bridges().entrySet().stream()
        .filter(b -> b.getValue().contains(port))
        .forEach(
            b ->
                steps.add(
                    new Undone(
                        new Steps.AddPort(
                            b.getKey(),
                            "the representor " + port + " of VF " + index,
                            port,
                            t -> port))));
  }

  private static void planOpenVswitch(
      HostState s,
      String bridge,
      List<String> representors,
      List<Step> steps,
      List<String> notes,
      PciAddress pf) {
    if (!s.ovsActive()) {
      steps.add(new Steps.StartService(s.ovsUnit()));
    }
    Map<String, String> config = s.otherConfig();
    boolean offloadChanged = !"true".equals(config.get("hw-offload"));
    if (offloadChanged) {
      steps.add(offloadSetting(s, Optional.ofNullable(config.get("hw-offload"))));
    }
    if (!MAX_IDLE.equals(config.get("max-idle"))) {
      steps.add(
          new Steps.SetOtherConfig(
              "max-idle",
              MAX_IDLE,
              Optional.ofNullable(config.get("max-idle")),
              "keep flows during the migration"));
    }
    List<String> ports = s.bridges().get(bridge);
    if (ports == null) {
      steps.add(new Steps.AddBridge(bridge));
      ports = List.of();
    }
    if (offloadChanged) {
      steps.add(new Steps.RestartService(s.ovsUnit(), "so that hw-offload takes effect"));
    } else if (s.ovsActive() && s.offload().knownOff()) {
      steps.add(
          new Steps.RestartService(
              s.ovsUnit(),
              "so that hw-offload takes effect (ovs-vswitchd runs without it:"
                  + " ovs-appctl dpif/offload/show says 'Globally enabled: false')",
              Optional.of(
                  new Step.UndoOutcome(
                      false,
                      "ovs-vswitchd now runs with hw-offload on, as its database already asked"
                          + " before this run; a restart cannot be undone."))));
    } else if (s.ovsActive() && s.offload().enabled().isEmpty()) {
      notes.add(
          "ovs-vswitchd's offload state cannot be read ("
              + s.offload().unreadable()
              + "); it turns offload on when it reads hw-offload=true, so no restart is planned."
              + " To check: grep 'Flow API Enabled' /var/log/openvswitch/ovs-vswitchd.log"
              + " (since its last start), or restart "
              + s.ovsUnit()
              + ".");
    }
    String uplink = s.uplinkNetdev().orElse("PF-NETDEV");
    if (!ports.contains(uplink)) {
      steps.add(
          new Steps.AddPort(bridge, "the PF uplink " + uplink, uplink, t -> Steps.uplink(t, pf)));
    }
    for (int i = 0; i < representors.size(); i++) {
      int index = i;
      String rep = representors.get(i);
      if (!ports.contains(rep)) {
        steps.add(
            new Steps.AddPort(
                bridge,
                "the representor " + rep + " of VF " + i,
                rep,
                t -> Steps.representor(t, pf, index)));
      }
    }
  }
}
