package io.vfmigrate.cli;

import io.vfmigrate.lab.state.HostSpec;
import io.vfmigrate.lab.state.InterfaceSpec;
import io.vfmigrate.lab.state.LabSpec;
import io.vfmigrate.lab.state.NicSpec;
import io.vfmigrate.lab.state.VfSpec;
import io.vfmigrate.lab.state.VmSpec;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** {@code lab show}: the lab state as an operator reads it. */
final class LabReport {
  private final PrintWriter out;

  LabReport(PrintWriter out) {
    this.out = out;
  }

  void print(LabSpec lab) {
    out.printf(
        "Lab: %s, link %s%s, VF network peer %s, virtual time %.1f s%n",
        Plural.of(lab.hosts.size(), "host"),
        lab.link.bandwidth,
        lab.link.up ? "" : " (CUT)",
        lab.vfPeer,
        lab.clockMs / 1000.0);
    for (Map.Entry<String, HostSpec> e : lab.hosts.entrySet()) {
      printHost(e.getKey(), e.getValue());
    }
  }

  private void printHost(String name, HostSpec h) {
    out.println();
    out.printf(
        "Host %s (%s) - %s, kernel %s, IOMMU %s%n",
        name, h.address, h.os, h.kernel, h.iommu ? "on" : "off");
    out.println("  packages: " + join(h.packages));
    out.println("  services: " + join(h.services));
    for (NicSpec nic : h.nics) {
      out.printf(
          "  NIC %s %s %s: firmware %s%s, PSID %s, VF_MIGRATION_MODE %d%s, eswitch %s, VFs %d/%d%n",
          nic.pci,
          nic.model,
          nic.netdev,
          nic.firmware,
          nic.firmwareNext == null ? "" : " (next boot " + nic.firmwareNext + ")",
          nic.psid,
          nic.vfMigrationMode,
          nic.vfMigrationModeNext == null ? "" : " (next boot " + nic.vfMigrationModeNext + ")",
          nic.eswitch,
          nic.numVfs,
          nic.totalVfs);
      for (VfSpec vf : nic.vfs) {
        out.printf(
            "    VF %d %s driver %s%s, migratable %s%n",
            vf.index,
            vf.pci,
            vf.driver == null ? "(none)" : vf.driver,
            vf.detached ? " (detached)" : "",
            vf.migratable ? "yes" : "no");
      }
    }
    if (!h.ovs.otherConfig.isEmpty() || !h.ovs.bridges.isEmpty()) {
      out.println("  Open vSwitch other_config: " + join(h.ovs.otherConfig));
      for (Map.Entry<String, List<String>> br : h.ovs.bridges.entrySet()) {
        out.println("    bridge " + br.getKey() + ": " + String.join(", ", br.getValue()));
      }
    }
    for (VmSpec vm : h.vms) {
      out.printf(
          "  VM %s: %s, %s, %s, dirty rate %s%s%n",
          vm.name,
          vm.state,
          vm.memory,
          Plural.of(vm.vcpus, "vCPU"),
          vm.dirtyRate,
          vm.viommu ? ", vIOMMU" : "");
      for (InterfaceSpec i : vm.interfaces) {
        out.printf(
            "    %s %s %s%s%s%n",
            i.type,
            i.mac,
            i.guestName == null ? "" : i.guestName,
            i.ip == null ? "" : " " + i.ip,
            i.pci == null ? "" : " (VF " + i.pci + ")");
      }
    }
  }

  private static String join(Map<String, ?> map) {
    if (map.isEmpty()) {
      return "(none)";
    }
    return map.entrySet().stream()
        .map(e -> e.getKey() + " " + e.getValue())
        .collect(Collectors.joining(", "));
  }
}
