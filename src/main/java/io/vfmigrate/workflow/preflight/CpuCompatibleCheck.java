package io.vfmigrate.workflow.preflight;

import io.vfmigrate.model.Finding;
import io.vfmigrate.model.GuestRequirements;
import io.vfmigrate.tools.virsh.CpuComparison;
import io.vfmigrate.tools.virsh.HostCpu;
import java.util.List;

/**
 * {@code cpu-compatible}: the destination can run the VM's CPU. For a CPU model (custom, or a
 * host-model that libvirt expanded when the VM started) the destination's libvirt is asked the way
 * it decides when the migrated domain starts there ({@code virsh hypervisor-cpu-compare}, {@code
 * virCPUCompare}). A host-passthrough guest sees the source host's CPU as it is, which libvirt does
 * not compare: the two hosts' CPUs must match, and missing features are named.
 */
final class CpuCompatibleCheck implements GuestCheck {
  static final String ID = "cpu-compatible";

  @Override
  public String id() {
    return ID;
  }

  @Override
  public Finding check(PrereqFacts src, PrereqFacts dst, GuestFacts guest) {
    String pair = src.name() + "," + dst.name();
    GuestRequirements needs = guest.needs();
    if (needs.cpuMode().equals("host-passthrough")) {
      return passthrough(pair, src, dst, guest.vm());
    }
    if (needs.cpuMode().isEmpty()) {
      return Finding.pass(ID, pair, guest.vm() + " has no <cpu>: QEMU's default CPU model");
    }
    // The machine type narrows the comparison to what QEMU offers for it, where the destination
    // has it (machine-type reports it otherwise).
    String machine =
        !needs.machine().isEmpty()
                && dst.domainCapabilities(needs.virtType(), needs.arch(), needs.machine())
                    .isPresent()
            ? needs.machine()
            : "";
    CpuComparison c =
        dst.virsh()
            .hypervisorCpuCompare(guest.domainXml(), needs.virtType(), needs.arch(), machine);
    if (c.compatible()) {
      return Finding.pass(
          ID,
          pair,
          dst.name()
              + "'s hypervisor runs "
              + guest.vm()
              + "'s CPU ("
              + c.result().name().toLowerCase(java.util.Locale.ROOT)
              + ")");
    }
    return Finding.fail(
        ID,
        pair,
        dst.name() + " cannot run " + guest.vm() + "'s CPU: " + c.reason(),
        "give "
            + guest.vm()
            + " a CPU model both hosts run"
            + (c.missingFeatures().isEmpty()
                ? ""
                : " (without " + String.join(", ", c.missingFeatures()) + ")")
            + ": virsh hypervisor-cpu-baseline over both hosts' 'virsh domcapabilities' names one;"
            + " set it with virsh edit "
            + guest.vm()
            + " and restart the VM");
  }

  private static Finding passthrough(String pair, PrereqFacts src, PrereqFacts dst, String vm) {
    HostCpu s = src.capabilities().cpu();
    HostCpu d = dst.capabilities().cpu();
    List<String> missing = s.featuresMissingFrom(d);
    boolean sameModel = s.vendor().equals(d.vendor()) && s.model().equals(d.model());
    if (sameModel && missing.isEmpty()) {
      return Finding.pass(
          ID, pair, vm + " uses host-passthrough and both hosts have " + s.describe() + " CPUs");
    }
    return Finding.fail(
        ID,
        pair,
        vm
            + " uses host-passthrough: it sees "
            + src.name()
            + "'s CPU ("
            + s.describe()
            + "), but "
            + dst.name()
            + " has "
            + d.describe()
            + (missing.isEmpty() ? "" : " without " + String.join(", ", missing)),
        "migrate host-passthrough VMs only between hosts with the same CPU, or give "
            + vm
            + " a CPU model both hosts run (virsh edit "
            + vm
            + ": <cpu mode='host-model'/> or a named model) and restart it");
  }
}
