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
    if (!s.migrationEnabled()) {
      boolean nextEnabled =
          s.migrationModeNext().isPresent() && s.migrationModeNext().getAsInt() == 2;
      if (!nextEnabled) {
        steps.add(new Steps.EnableMigrationMode(pf, s.migrationModeNext()));
      }
      return new Plan(steps, true);
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
    planOpenVswitch(s, pf, options.bridge(), representors, steps);
    return new Plan(steps, false);
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
      HostState s, PciAddress pf, String bridge, List<String> representors, List<Step> steps) {
    if (!s.ovsActive()) {
      steps.add(new Steps.StartService(s.ovsUnit()));
    }
    Map<String, String> config = s.otherConfig();
    boolean offloadChanged = !"true".equals(config.get("hw-offload"));
    if (offloadChanged) {
      steps.add(
          new Steps.SetOtherConfig(
              "hw-offload",
              "true",
              Optional.ofNullable(config.get("hw-offload")),
              "offload the VF's flows to the NIC"));
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
