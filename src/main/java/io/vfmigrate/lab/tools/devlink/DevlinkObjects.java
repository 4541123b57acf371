package io.vfmigrate.lab.tools.devlink;

import io.vfmigrate.lab.machine.LabTopology;
import io.vfmigrate.lab.state.HostSpec;
import io.vfmigrate.lab.state.NicSpec;
import io.vfmigrate.lab.state.VfSpec;
import io.vfmigrate.lab.tools.ToolOutput;
import io.vfmigrate.model.PciAddress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The devlink object model of a lab host: instances (a PF, or a VF while mlx5_core drives it) and
 * ports (the uplink always, VF representor ports in switchdev mode), as the kernel registers them.
 */
final class DevlinkObjects {
  private DevlinkObjects() {}

  /** A devlink instance: a PF, or a VF while mlx5_core drives it. */
  record Instance(PciAddress pci, NicSpec nic, VfSpec vf) {
    boolean isPf() {
      return vf == null;
    }

    String handle() {
      return pci.devlinkHandle();
    }
  }

  static List<Instance> instances(HostSpec host) {
    List<Instance> all = new ArrayList<>();
    for (NicSpec nic : host.nics) {
      all.add(new Instance(PciAddress.parse(nic.pci), nic, null));
      for (VfSpec vf : nic.vfs) {
        if ("mlx5_core".equals(vf.driver)) {
          all.add(new Instance(PciAddress.parse(vf.pci), nic, vf));
        }
      }
    }
    all.sort(Comparator.comparing(Instance::pci));
    return all;
  }

  static Optional<Instance> instance(HostSpec host, String handle) {
    for (Instance i : instances(host)) {
      if (i.handle().equals(handle)) {
        return Optional.of(i);
      }
    }
    return Optional.empty();
  }

  /**
   * The devlink instances a {@code dev show|info [HANDLE]} names: all without a handle, else the
   * one (or none, with DevlinkRun.ENODEV); {@code failed} holds a parse error already printed.
   */
  record Selection(List<Instance> shown, String error, Optional<ToolOutput> failed) {}

  static Selection select(DevlinkRun r) {
    if (!r.hasArg()) {
      return new Selection(instances(r.host), null, Optional.empty());
    }
    Optional<String> h = DevlinkRun.devHandle(r);
    if (h.isEmpty()) {
      return new Selection(List.of(), null, Optional.of(r.result(1)));
    }
    Optional<ToolOutput> extra = DevlinkRun.unknownOption(r);
    if (extra.isPresent()) {
      return new Selection(List.of(), null, extra);
    }
    Optional<Instance> i = instance(r.host, h.get());
    return new Selection(
        i.map(List::of).orElse(List.of()),
        i.isEmpty() ? DevlinkRun.ENODEV : null,
        Optional.empty());
  }

  /** One devlink port of a PF. */
  record Port(NicSpec nic, int index, VfSpec vf) {
    String handle() {
      return PciAddress.parse(nic.pci).devlinkHandle() + "/" + index;
    }

    String netdev() {
      return vf == null ? nic.netdev : LabTopology.representor(nic, vf.index);
    }
  }

  /** The uplink port always (mlx5e registers it in both modes); VF ports only in switchdev. */
  static List<Port> ports(HostSpec host) {
    List<NicSpec> nics = new ArrayList<>(host.nics);
    nics.sort(Comparator.comparing(n -> PciAddress.parse(n.pci)));
    List<Port> ports = new ArrayList<>();
    for (NicSpec nic : nics) {
      ports.add(new Port(nic, LabTopology.UPLINK_PORT_INDEX, null));
      if ("switchdev".equals(nic.eswitch)) {
        for (VfSpec vf : nic.vfs) {
          ports.add(new Port(nic, LabTopology.vfPortIndex(vf.index), vf));
        }
      }
    }
    return ports;
  }
}
