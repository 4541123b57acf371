package io.vfmigrate.workflow.attach;

import io.vfmigrate.host.Fleet;
import io.vfmigrate.host.Host;
import io.vfmigrate.host.ManagedHost;
import io.vfmigrate.host.ShellQuoting;
import io.vfmigrate.model.DomainXml;
import io.vfmigrate.model.InvalidInputException;
import io.vfmigrate.model.MacAddress;
import io.vfmigrate.model.Names;
import io.vfmigrate.model.NotReadyException;
import io.vfmigrate.model.PciAddress;
import io.vfmigrate.tools.ToolException;
import io.vfmigrate.tools.virsh.Virsh;
import io.vfmigrate.workflow.DomainUsage;
import io.vfmigrate.workflow.VmWhereabouts;
import io.vfmigrate.workflow.claims.Acquisition;
import io.vfmigrate.workflow.claims.Claim;
import io.vfmigrate.workflow.claims.ClaimKind;
import io.vfmigrate.workflow.claims.ClaimRequest;
import io.vfmigrate.workflow.claims.Claimant;
import io.vfmigrate.workflow.claims.Claims;
import io.vfmigrate.workflow.claims.ControlProcess;
import io.vfmigrate.workflow.claims.HeldClaim;
import io.vfmigrate.workflow.claims.Holder;
import io.vfmigrate.workflow.event.Event;
import io.vfmigrate.workflow.event.EventSink;
import io.vfmigrate.workflow.steps.StepFailedException;
import io.vfmigrate.workflow.steps.StepRunner;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code attach}: gives a running VM a prepared VF as {@code <interface type='hostdev'
 * managed='yes'>} with a MAC that is unique across every domain of every host.
 *
 * <p>Two attach runs must not give two VMs one MAC, nor one VF: the MAC is reserved on every host
 * and the VF claimed on its host (one {@link Claimant#acquire}, in the fixed order) before the
 * domains are read for the uniqueness check, and released once the domain XML holds them.
 */
public final class Attach {
  /** Generated MACs tried before giving up (each one reserved or in use by then). */
  static final int AUTO_ATTEMPTS = 20;

  private final Fleet fleet;
  private final EventSink events;
  private final StepRunner runner;
  private final Claimant claimant;
  private final MacAllocator macs;

  public Attach(Fleet fleet, EventSink events) {
    this(fleet, events, Claimant.forOperation(ControlProcess.provisionalOperationId("attach")));
  }

  /** Steps through {@code runner}; the claims name its operation. */
  public Attach(Fleet fleet, StepRunner runner) {
    this(fleet, runner, Claimant.forOperation(runner.operation()), new MacAllocator());
  }

  /** Steps through {@code runner}, claims taken as {@code claimant}. */
  public Attach(Fleet fleet, StepRunner runner, Claimant claimant) {
    this(fleet, runner, claimant, new MacAllocator());
  }

  /** With the claims of the operation {@code claimant} names. */
  public Attach(Fleet fleet, EventSink events, Claimant claimant) {
    this(fleet, StepRunner.inMemory(events), claimant, new MacAllocator());
  }

  Attach(Fleet fleet, EventSink events, Claimant claimant, MacAllocator macs) {
    this(fleet, StepRunner.inMemory(events), claimant, macs);
  }

  Attach(Fleet fleet, StepRunner runner, Claimant claimant, MacAllocator macs) {
    this.fleet = fleet;
    this.runner = runner;
    this.events = runner.events();
    this.claimant = claimant;
    this.macs = macs;
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
    warnIfVfCannotMigrate(virsh, hostName);
    if (dryRun) {
      return plan(vm, managed, vf, mac);
    }
    Set<MacAddress> avoid = new HashSet<>();
    for (int attempt = 1; ; attempt++) {
      VfInventory vfs = VfInventory.read(host, DomainUsage.of(virsh), managed.pf());
      PciAddress chosen = chooseVf(vfs, vf, hostName, managed.pf());
      MacAddress address = mac.orElseGet(() -> macs.allocate(avoid));
      List<ClaimRequest> requests =
          new ArrayList<>(ClaimRequest.macOnEvery(fleet.names(), address));
      requests.add(ClaimRequest.vf(hostName, chosen));
      Acquisition taken = claimant.acquire(fleet, requests);
      if (taken instanceof Acquisition.Refused refused) {
        boolean macRefused = refused.request().kind() == ClaimKind.MAC;
        if ((macRefused ? mac.isPresent() : vf.isPresent()) || attempt >= AUTO_ATTEMPTS) {
          throw new NotReadyException(
              refused.reason() + ".",
              refused.fix()
                  + (macRefused ? "; or choose another MAC or --mac auto" : "; or --vf auto"));
        }
        if (macRefused) {
          avoid.add(address);
        }
        // A VF claimed meanwhile is not free in the next reading of the inventory.
        continue;
      }
      Acquisition.Acquired held = (Acquisition.Acquired) taken;
      journalClaims(held, true);
      try {
        // The claims are the lock; what the domains hold now is the uniqueness check.
        Map<MacAddress, String> used = new HashMap<>();
        DomainUsage local = usage(hostName, used);
        String owner = used.get(address);
        if (owner != null) {
          if (mac.isPresent() || attempt >= AUTO_ATTEMPTS) {
            throw macInUse(address, owner);
          }
          avoid.addAll(used.keySet());
          continue;
        }
        Optional<String> user = local.userOf(chosen);
        if (user.isPresent()) {
          if (vf.isPresent() || attempt >= AUTO_ATTEMPTS) {
            throw new NotReadyException(
                "VF " + chosen + " on " + hostName + " is used by " + user.get() + ".",
                "choose another VF or --vf auto");
          }
          continue;
        }
        return attach(vm, hostName, host, virsh, chosen, address);
      } finally {
        for (String problem : claimant.release(held)) {
          events.emit(new Event.Warning(hostName, problem));
        }
        journalClaims(held, false);
      }
    }
  }

  private AttachResult attach(
      String vm, String hostName, Host host, Virsh virsh, PciAddress chosen, MacAddress address) {
    AttachVf step =
        new AttachVf(
            vm,
            chosen,
            address,
            new AttachVf.TempFiles() {
              // Journaled as the operation's claims are: recover removes what a kill left.
              @Override
              public void created(String path) {
                runner
                    .journal()
                    .claimTaken(runner.operation(), hostName, path, runner.clock().instant());
              }

              @Override
              public void removed(String path) {
                runner
                    .journal()
                    .claimReleased(runner.operation(), hostName, path, runner.clock().instant());
              }
            });
    try {
      runner.apply(hostName, step, host);
    } catch (StepFailedException e) {
      throw e.failure();
    }
    return new AttachResult(vm, hostName, chosen, address, step.xml(), step.command(), true);
  }

  private void journalClaims(Acquisition.Acquired held, boolean taken) {
    for (HeldClaim c : held.claims()) {
      if (taken) {
        runner
            .journal()
            .claimTaken(runner.operation(), c.hostName(), c.path(), runner.clock().instant());
      } else {
        runner
            .journal()
            .claimReleased(runner.operation(), c.hostName(), c.path(), runner.clock().instant());
      }
    }
  }

  /** A dry run: what would be attached, changing nothing (reserved MACs count as taken). */
  private AttachResult plan(
      String vm, ManagedHost managed, Optional<PciAddress> vf, Optional<MacAddress> mac) {
    Map<MacAddress, String> used = new HashMap<>();
    DomainUsage local = usage(managed.name(), used);
    Map<MacAddress, Holder> reserved = reservedMacs();
    VfInventory vfs = VfInventory.read(managed.host(), local, managed.pf());
    PciAddress chosen = chooseVf(vfs, vf, managed.name(), managed.pf());
    MacAddress address;
    if (mac.isPresent()) {
      address = mac.get();
      if (used.containsKey(address)) {
        throw macInUse(address, used.get(address));
      }
      Holder holder = reserved.get(address);
      if (holder != null) {
        throw new NotReadyException(
            "MAC " + address + " is reserved: " + holder.describe() + ".",
            Holder.fix(List.of(holder)) + "; or choose another MAC or --mac auto");
      }
    } else {
      Set<MacAddress> avoid = new HashSet<>(used.keySet());
      avoid.addAll(reserved.keySet());
      address = macs.allocate(avoid);
    }
    String xml = DomainXml.hostdevInterfaceXml(address, chosen);
    String cmd =
        ShellQuoting.join(
            List.of("virsh", "attach-device", vm, "mlx_vf.xml", "--live", "--config"));
    return new AttachResult(vm, managed.name(), chosen, address, xml, cmd, false);
  }

  /**
   * The MACs of every domain of every host into {@code used}; returns the usage of {@code host}.
   */
  private DomainUsage usage(String hostName, Map<MacAddress, String> used) {
    DomainUsage local = null;
    for (ManagedHost h : fleet.all()) {
      DomainUsage usage;
      try {
        usage = DomainUsage.of(new Virsh(h.host()));
      } catch (ToolException e) {
        // Nothing is attached yet: a host whose domains cannot be listed is a reason not to.
        throw e.asRefusal("Cannot check that no domain on " + h.name() + " uses the MAC or VF");
      }
      usage.macs().forEach((m, owner) -> used.put(m, owner + " on " + h.name()));
      if (h.name().equals(hostName)) {
        local = usage;
      }
    }
    return local;
  }

  /** The MACs reserved on any host right now, with their holders. */
  private Map<MacAddress, Holder> reservedMacs() {
    Map<MacAddress, Holder> out = new HashMap<>();
    for (ManagedHost h : fleet.all()) {
      for (Claim c : Claims.list(h.host(), ClaimKind.MAC)) {
        try {
          out.putIfAbsent(
              MacAddress.parse(c.key().replace('-', ':')), claimant.liveness().judge(c));
        } catch (InvalidInputException e) {
          // Not named after a MAC: it reserves none (check reports the file).
        }
      }
    }
    return out;
  }

  private static NotReadyException macInUse(MacAddress mac, String owner) {
    return new NotReadyException(
        "MAC " + mac + " is already used by " + owner + ".", "choose another MAC or --mac auto");
  }

  /**
   * The VF works on a libvirt before 10.0, but it never migrates: for a managed hostdev that
   * libvirt binds plain vfio-pci, not mlx5_vfio_pci (check's {@code libvirt-version}). Told, not
   * refused: the attach itself is what the operator asked for. A libvirt that does not answer is
   * left to the attach, which reports it.
   */
  private void warnIfVfCannotMigrate(Virsh virsh, String host) {
    String version;
    try {
      version = virsh.version().libraryVersion();
    } catch (io.vfmigrate.model.VfmigrateException e) {
      return;
    }
    if (!io.vfmigrate.workflow.VfPark.libvirtBindsVariantDriver(version)) {
      events.emit(
          new Event.Warning(
              host,
              io.vfmigrate.workflow.VfPark.plainVfioPci(version)
                  + ": the VM will not migrate with this VF until libvirt is 10.0 or later"
                  + " (vfmigrate check --host "
                  + host
                  + " gives the upgrade command)"));
    }
  }

  private void requireRunning(Virsh virsh, String vm, String host) {
    Optional<String> state = virsh.domstate(vm);
    if (state.isEmpty()) {
      VmWhereabouts where = VmWhereabouts.of(fleet, vm);
      if (where.unknown()) {
        throw where.unknownError(fleet);
      }
      List<String> elsewhere = where.definedOn().stream().filter(h -> !h.equals(host)).toList();
      throw new NotReadyException(
          "There is no domain named " + vm + " on " + host + "." + where.elsewhere(host),
          elsewhere.isEmpty()
              ? "check the name and host with: virsh list --all"
              : "vfmigrate attach " + vm + " --host " + elsewhere.get(0));
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
                        + (vfs.all().size() == 1 ? " VF, " : " VFs, ")
                        + vfs.freeCount()
                        + " free).",
                    vfs.all().isEmpty() ? prepare : prepare + " --vfs " + (vfs.all().size() + 1)));
  }
}
