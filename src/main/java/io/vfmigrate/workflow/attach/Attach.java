package io.vfmigrate.workflow.attach;

import io.vfmigrate.host.Fleet;
import io.vfmigrate.host.Host;
import io.vfmigrate.host.ManagedHost;
import io.vfmigrate.model.MacAddress;
import io.vfmigrate.model.Names;
import io.vfmigrate.model.NotReadyException;
import io.vfmigrate.model.PciAddress;
import io.vfmigrate.tools.virsh.Virsh;
import io.vfmigrate.workflow.DomainUsage;
import io.vfmigrate.workflow.event.EventSink;
import io.vfmigrate.workflow.steps.StepFailedException;
import io.vfmigrate.workflow.steps.StepRunner;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * {@code attach}: gives a running VM a prepared VF as {@code <interface type='hostdev'
 * managed='yes'>} with a MAC that is unique across every domain of every host.
 */
public final class Attach {
  private final Fleet fleet;
  private final StepRunner runner;
  private final MacAllocator macs = new MacAllocator();

  public Attach(Fleet fleet, EventSink events) {
    this(fleet, StepRunner.inMemory(events));
  }

  public Attach(Fleet fleet, StepRunner runner) {
    this.fleet = fleet;
    this.runner = runner;
  }

  public AttachResult run(
      String vm,
      String hostName,
      Optional<PciAddress> vf,
      Optional<MacAddress> mac,
      boolean dryRun) {
    Names.vmName(vm);
    ManagedHost managed = fleet.get(hostName);
    Host host = managed.host();
    Virsh virsh = new Virsh(host);
    requireRunning(virsh, vm, hostName);

    Map<MacAddress, String> usedMacs = new HashMap<>();
    DomainUsage local = null;
    for (ManagedHost h : fleet.all()) {
      DomainUsage usage = DomainUsage.of(new Virsh(h.host()));
      usage.macs().forEach((m, owner) -> usedMacs.put(m, owner + " on " + h.name()));
      if (h.name().equals(hostName)) {
        local = usage;
      }
    }
    VfInventory vfs = VfInventory.read(host, local, managed.pf());
    PciAddress chosen = chooseVf(vfs, vf, hostName, managed.pf());
    MacAddress address = chooseMac(mac, usedMacs);

    AttachVf step = new AttachVf(vm, chosen, address);
    if (dryRun) {
      return new AttachResult(vm, hostName, chosen, address, step.xml(), step.command(), false);
    }
    try {
      runner.apply(hostName, step, host);
    } catch (StepFailedException e) {
      throw e.failure();
    }
    return new AttachResult(vm, hostName, chosen, address, step.xml(), step.command(), true);
  }

  private static void requireRunning(Virsh virsh, String vm, String host) {
    Optional<String> state = virsh.domstate(vm);
    if (state.isEmpty()) {
      throw new NotReadyException(
          "There is no domain named " + vm + " on " + host + ".",
          "check the name and host with: virsh list --all");
    }
    if (!"running".equals(state.get())) {
      throw new NotReadyException(
          vm + " is " + state.get() + " on " + host + "; a VF is attached to a running VM.",
          "virsh start " + vm);
    }
  }

  private static PciAddress chooseVf(
      VfInventory vfs, Optional<PciAddress> asked, String host, PciAddress pf) {
    String prepare = "vfmigrate prepare --host " + host;
    if (asked.isPresent()) {
      Optional<VfInventory.Vf> vf = vfs.find(asked.get());
      if (vf.isEmpty()) {
        throw new NotReadyException(
            asked.get() + " is not a VF of " + pf + " on " + host + ".",
            vfs.all().isEmpty()
                ? prepare
                : "use one of: "
                    + String.join(", ", vfs.all().stream().map(v -> v.pci().toString()).toList())
                    + ", or --vf auto");
      }
      if (!vf.get().free()) {
        throw new NotReadyException(
            "VF " + asked.get() + " on " + host + " " + vf.get().problem() + ".",
            vf.get().usedBy().isPresent() ? "choose another VF or --vf auto" : prepare);
      }
      return asked.get();
    }
    return vfs.firstFree()
        .map(VfInventory.Vf::pci)
        .orElseThrow(
            () ->
                new NotReadyException(
                    "No free prepared VF on "
                        + host
                        + " ("
                        + vfs.all().size()
                        + " VFs, "
                        + vfs.freeCount()
                        + " free).",
                    vfs.all().isEmpty() ? prepare : prepare + " --vfs " + (vfs.all().size() + 1)));
  }

  private MacAddress chooseMac(Optional<MacAddress> asked, Map<MacAddress, String> used) {
    if (asked.isPresent()) {
      String owner = used.get(asked.get());
      if (owner != null) {
        throw new NotReadyException(
            "MAC " + asked.get() + " is already used by " + owner + ".",
            "choose another MAC or --mac auto");
      }
      return asked.get();
    }
    return macs.allocate(used.keySet());
  }
}
