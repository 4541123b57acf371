package io.vfmigrate.lab.tools.agent;

import io.vfmigrate.lab.machine.DomainHostdevs;
import io.vfmigrate.lab.machine.DomainLayout;
import io.vfmigrate.lab.machine.LabTopology;
import io.vfmigrate.lab.state.HostSpec;
import io.vfmigrate.lab.state.InterfaceSpec;
import io.vfmigrate.lab.state.VmSpec;
import io.vfmigrate.model.PciAddress;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@code cat} in the lab guest, for the one file vfmigrate reads there: {@code
 * /sys/class/net/IFACE/operstate}. A VF's carrier is up while the VF is bound to a VFIO driver on
 * the host the guest runs on; it does not depend on Open vSwitch (traffic does, see AgentPing).
 */
public final class AgentCat {
  private static final Set<String> VFIO =
      Set.of(DomainHostdevs.VARIANT_DRIVER, DomainHostdevs.VFIO_PCI);

  private AgentCat() {}

  static AgentProcessResult run(HostSpec host, VmSpec vm, List<String> args) {
    if (args.size() != 1) {
      return new AgentProcessResult(1, "", "cat: the lab guest reads one file at a time\n");
    }
    String path = args.get(0);
    String noSuchFile = "cat: " + path + ": No such file or directory\n";
    if (!path.startsWith("/sys/class/net/") || !path.endsWith("/operstate")) {
      return new AgentProcessResult(1, "", noSuchFile);
    }
    String name = path.substring("/sys/class/net/".length(), path.length() - "/operstate".length());
    if ("lo".equals(name)) {
      return new AgentProcessResult(0, "unknown\n", "");
    }
    Optional<InterfaceSpec> iface =
        vm.interfaces.stream().filter(i -> name.equals(i.guestName)).findFirst();
    if (iface.isEmpty()) {
      return new AgentProcessResult(1, "", noSuchFile);
    }
    return new AgentProcessResult(0, (carrier(host, iface.get()) ? "up" : "down") + "\n", "");
  }

  private static boolean carrier(HostSpec host, InterfaceSpec iface) {
    if (!DomainLayout.isHostdev(iface)) {
      return true;
    }
    if (iface.pci == null) {
      return false;
    }
    return LabTopology.vf(host, PciAddress.parse(iface.pci))
        .map(ref -> VFIO.contains(ref.vf().driver))
        .orElse(false);
  }
}
