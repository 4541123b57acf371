package io.vfmigrate.workflow.listing;

import io.vfmigrate.host.Command;
import io.vfmigrate.host.ManagedHost;
import io.vfmigrate.host.Read;
import io.vfmigrate.host.ReadResult;
import io.vfmigrate.model.DomainXml;
import io.vfmigrate.model.HostdevInterface;
import io.vfmigrate.model.MacAddress;
import io.vfmigrate.model.PciAddress;
import io.vfmigrate.model.VfmigrateException;
import io.vfmigrate.tools.sysfs.PciSysfs;
import io.vfmigrate.tools.virsh.Virsh;
import io.vfmigrate.workflow.DomainUsage;
import io.vfmigrate.workflow.SnapshotHost;
import io.vfmigrate.workflow.attach.VfInventory;
import io.vfmigrate.workflow.claims.ClaimKind;
import io.vfmigrate.workflow.claims.ClaimLiveness;
import io.vfmigrate.workflow.claims.Claims;
import io.vfmigrate.workflow.claims.Holder;
import io.vfmigrate.workflow.claims.Liveness;
import io.vfmigrate.workflow.journal.OperationRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Reads one host for {@code list} through the tool adapters, on a snapshot that asks for the reads
 * in three batches (one exec each over SSH): the domain list, the VF count, devlink's ports and the
 * claim directories; then each domain's state and XML, each VF link and claim file; then the VFs'
 * drivers. Claims are judged live or stale as every command judges them.
 */
public final class Listing {
  private final ClaimLiveness liveness;
  private final List<OperationRecord> unfinished;
  private final Predicate<OperationRecord> dead;

  /**
   * @param unfinished the journal's unfinished operations
   * @param dead whether an operation's process has died
   */
  public Listing(
      ClaimLiveness liveness, List<OperationRecord> unfinished, Predicate<OperationRecord> dead) {
    this.liveness = liveness;
    this.unfinished = List.copyOf(unfinished);
    this.dead = dead;
  }

  public HostListing read(ManagedHost managed) {
    try {
      return readOrThrow(managed);
    } catch (VfmigrateException e) {
      return new HostListing(
          managed.name(),
          Optional.of(e.getMessage() + (e.fix().isBlank() ? "" : " (" + e.fix() + ")")),
          List.of(),
          List.of(),
          List.of());
    }
  }

  private HostListing readOrThrow(ManagedHost managed) {
    PciAddress pf = managed.pf();
    SnapshotHost host = new SnapshotHost(managed.host(), true);
    String slots = ClaimKind.SLOT.directory() + "/" + pf;
    host.prefetch(
        List.of(
            virsh("list", "--all", "--name"),
            new Read.File(PciSysfs.path(pf, "sriov_numvfs")),
            run("devlink", "-j", "port", "show"),
            new Read.Directory(ClaimKind.VF.directory()),
            new Read.Directory(ClaimKind.SLOT.directory()),
            new Read.Directory(slots)));
    Virsh virsh = new Virsh(host);
    List<String> names = virsh.listAllNames();
    List<Read> second = new ArrayList<>();
    for (String name : names) {
      second.add(virsh("domstate", name));
      second.add(virsh("dumpxml", name));
    }
    int count = number(host.known(new Read.File(PciSysfs.path(pf, "sriov_numvfs"))));
    for (int i = 0; i < count; i++) {
      second.add(new Read.Link(PciSysfs.path(pf, "virtfn" + i)));
    }
    for (String claim : listed(host, ClaimKind.VF.directory())) {
      second.add(new Read.File(ClaimKind.VF.directory() + "/" + claim));
    }
    for (String slot : listed(host, slots)) {
      second.add(new Read.File(slots + "/" + slot));
    }
    host.prefetch(second);
    List<Read> drivers = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      host.known(new Read.Link(PciSysfs.path(pf, "virtfn" + i)))
          .flatMap(Listing::target)
          .ifPresent(vf -> drivers.add(new Read.Link(PciSysfs.path(vf, "driver"))));
    }
    host.prefetch(drivers);

    List<HostListing.Vm> vms = new ArrayList<>();
    for (String name : names) {
      Optional<String> state = virsh.domstate(name);
      Optional<DomainXml> xml = virsh.dumpxmlIfExists(name);
      if (state.isEmpty() || xml.isEmpty()) {
        continue; // gone meanwhile
      }
      vms.add(
          new HostListing.Vm(
              name,
              state.get(),
              xml.get().hostdevInterfaces().stream()
                  .map(HostdevInterface::source)
                  .map(PciAddress::toString)
                  .toList(),
              xml.get().macs().stream().map(MacAddress::toString).toList(),
              operation(managed.name(), name)));
    }
    DomainUsage usage = DomainUsage.of(virsh);
    VfInventory inventory = VfInventory.read(host, usage, pf);
    List<HostListing.Vf> vfs = new ArrayList<>();
    for (VfInventory.Vf vf : inventory.all()) {
      Optional<String> user = usage.userOf(vf.pci());
      Optional<HostListing.Claim> claim =
          inventory.claimOf(vf.pci()).map(liveness::judge).map(Listing::claim);
      String state =
          user.isPresent()
              ? "used"
              : claim.isPresent() ? "claimed" : vf.prepared() ? "free" : "unprepared";
      vfs.add(new HostListing.Vf(vf.pci().toString(), vf.index(), state, user, claim, vf.driver()));
    }
    List<Holder> slotHolders =
        Claims.list(host, ClaimKind.SLOT).stream()
            .filter(c -> c.key().startsWith(pf + "/"))
            .map(liveness::judge)
            .toList();
    int stale = (int) slotHolders.stream().filter(Holder::stale).count();
    HostListing.Pf pfEntry =
        new HostListing.Pf(pf.toString(), slotHolders.size() - stale, stale, Claims.SLOTS_PER_PF);
    return new HostListing(managed.name(), Optional.empty(), vms, vfs, List.of(pfEntry));
  }

  private static HostListing.Claim claim(Holder h) {
    String word =
        h.liveness() == Liveness.LIVE
            ? "live"
            : h.liveness() == Liveness.STALE ? "stale" : "unknown";
    return new HostListing.Claim(
        h.claim().owner().map(o -> o.operation()).orElse("?"),
        word,
        h.claim().path(),
        h.claim().describe());
  }

  /** The unfinished operation on this VM of this host, when the journal has one. */
  private Optional<String> operation(String host, String vm) {
    return unfinished.stream()
        .filter(op -> op.vm().equals(Optional.of(vm)) && op.hosts().contains(host))
        .findFirst()
        .map(
            op ->
                op.id()
                    + " ("
                    + op.kind().label()
                    + ", "
                    + (dead.test(op) ? "interrupted: vfmigrate recover" : "running")
                    + ")");
  }

  private static Read virsh(String... args) {
    List<String> argv = new ArrayList<>(List.of("virsh"));
    argv.addAll(List.of(args));
    return new Read.Run(Command.of(argv).inCLocale());
  }

  private static Read run(String... argv) {
    return new Read.Run(Command.of(argv).inCLocale());
  }

  private static List<String> listed(SnapshotHost host, String dir) {
    try {
      return host.known(new Read.Directory(dir)).map(ReadResult::names).orElse(List.of());
    } catch (VfmigrateException e) {
      return List.of(); // no such directory: no claims
    }
  }

  private static int number(Optional<ReadResult> read) {
    try {
      return read.map(r -> Integer.parseInt(r.text().strip())).orElse(0);
    } catch (VfmigrateException | NumberFormatException e) {
      return 0;
    }
  }

  private static Optional<PciAddress> target(ReadResult link) {
    try {
      return link.link().map(t -> PciAddress.parse(t.substring(t.lastIndexOf('/') + 1)));
    } catch (VfmigrateException e) {
      return Optional.empty();
    }
  }
}
