package io.vfmigrate.lab.machine.migration;

import io.vfmigrate.lab.machine.LabTopology;
import io.vfmigrate.lab.machine.LabTopology.VfRef;
import io.vfmigrate.lab.machine.migration.MigrationPlan.VfMove;
import io.vfmigrate.lab.state.HostSpec;
import io.vfmigrate.lab.state.InterfaceSpec;
import io.vfmigrate.lab.state.VmSpec;
import io.vfmigrate.lab.tools.LabContext;
import io.vfmigrate.lab.tools.virsh.MigrationRequest;
import io.vfmigrate.model.DomainXml;
import io.vfmigrate.model.HostdevInterface;
import io.vfmigrate.model.MacAddress;
import io.vfmigrate.model.PciAddress;
import io.vfmigrate.model.VfmigrateException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Everything that makes {@code virsh migrate} fail before any data moves, in the order libvirt
 * meets it: virsh's own work (domain lookup, reading the XML files, connecting to the destination
 * unless {@code --p2p}), the source's Begin phase (domain state, QEMU's migration blockers), the
 * destination's Prepare phase (host identity, domain name, the VFs it must claim), then QEMU's
 * {@code migrate} command (post-copy with VFIO).
 *
 * <p>Texts: src/qemu/qemu_migration.c (qemuMigrationSrcIsAllowed: {@code cannot migrate domain:
 * %1$s}, blockers joined by {@code "; "}), hw/vfio/migration.c for the blockers (QEMU 8.2: {@code
 * %s: VFIO migration is not supported in kernel}, {@code %s: Migration is currently not supported
 * with vIOMMU enabled}, {@code %s: VFIO migration is not supported with postcopy migration}),
 * src/qemu/qemu_migration_cookie.c ({@code Attempt to migrate guest to the same host %1$s}),
 * src/conf/virdomainobjlist.c (name and UUID clashes), src/util/virpci.c ({@code Device %1$s not
 * found: could not access %2$s}), src/hypervisor/virhostdev.c (device in use), src/libvirt-domain.c
 * (tunnelled without peer2peer), src/util/virfile.c ({@code Failed to open file '%1$s'}).
 */
public final class MigrationChecks {
  public static final String VARIANT_DRIVER = "mlx5_vfio_pci";

  private MigrationChecks() {}

  /** The plan, or virsh's error lines (each without the {@code error: } prefix). */
  public record Outcome(Optional<MigrationPlan> plan, List<String> errors) {
    static Outcome refused(String... errors) {
      return new Outcome(Optional.empty(), List.of(errors));
    }
  }

  public static Outcome check(LabContext context, MigrationRequest request) {
    HostSpec host = context.host();
    if (!MigrationTarget.daemonActive(host)) {
      return Outcome.refused(
          "failed to connect to the hypervisor", MigrationTarget.localDaemonDown());
    }
    Optional<VmSpec> found = MigrationDomains.lookup(host, request.vm());
    if (found.isEmpty()) {
      return Outcome.refused("failed to get domain '" + request.vm() + "'");
    }
    VmSpec vm = found.get();
    Optional<String> xml = request.xmlFile().map(host.files::get);
    for (Optional<String> file : List.of(request.xmlFile(), request.persistentXmlFile())) {
      if (file.isPresent() && !host.files.containsKey(file.get())) {
        return Outcome.refused(
            "Failed to open file '" + file.get() + "': No such file or directory");
      }
    }
    if (request.parallelConnections() > 0 && !request.parallel()) {
      // src/qemu/qemu_migration_params.c qemuMigrationParamsFromFlags
      return Outcome.refused("invalid argument: Turn parallel migration on to tune it");
    }
    if (request.tunnelled() && !request.p2p()) {
      return Outcome.refused(
          "invalid argument: cannot perform tunnelled migration without using peer2peer flag");
    }
    Optional<LabContext> destination = Optional.empty();
    if (!request.p2p()) {
      MigrationTarget.Connection connection =
          MigrationTarget.connect(context, request.destinationUri());
      if (connection.host().isEmpty()) {
        return Outcome.refused(connection.error());
      }
      destination = connection.host();
    }
    if (!MigrationDomains.active(vm)) {
      return Outcome.refused("Requested operation is not valid: domain is not running");
    }
    List<String> blockers = blockers(host, vm);
    if (!blockers.isEmpty()) {
      return Outcome.refused(
          "Requested operation is not valid: cannot migrate domain: "
              + String.join("; ", blockers));
    }
    if (!request.unsafe() && !request.copyStorage() && !sharedStorage(vm)) {
      // qemuMigrationSrcIsSafe, VIR_ERR_MIGRATE_UNSAFE; QEMU drops the page cache at switchover
      // (QEMU_CAPS_MIGRATION_FILE_DROP_CACHE), so a cache mode alone is not refused
      return Outcome.refused("Unsafe migration: Migration without shared storage is unsafe");
    }
    if (request.p2p()) {
      MigrationTarget.Connection connection =
          MigrationTarget.connect(context, request.destinationUri());
      if (connection.host().isEmpty()) {
        return Outcome.refused(
            "operation failed: Failed to connect to remote libvirt URI "
                + request.destinationUri()
                + ": "
                + connection.error());
      }
      destination = connection.host();
    }
    LabContext target = destination.orElseThrow();
    Optional<String> prepare = prepare(context, target, vm, request);
    if (prepare.isPresent()) {
      return Outcome.refused(prepare.get());
    }
    List<VfMove> moves;
    try {
      moves = moves(context, target, vm, xml);
    } catch (VfmigrateException e) {
      // UNCONFIRMED: libvirt's wording for an unparsable --xml; the lab names the problem.
      return Outcome.refused("XML error: " + e.getMessage());
    }
    for (VfMove move : moves) {
      Optional<String> problem = claimable(target, move);
      if (problem.isPresent()) {
        return Outcome.refused(problem.get());
      }
    }
    if (request.postcopy() && !moves.isEmpty()) {
      return Outcome.refused(
          "internal error: unable to execute QEMU command 'migrate': "
              + moves.get(0).iface().pci
              + ": VFIO migration is not supported with postcopy migration");
    }
    return new Outcome(
        Optional.of(new MigrationPlan(context, target, vm, moves, request)), List.of());
  }

  /** Whether every disk with a source is on storage both hosts see (no disks: one shared). */
  static boolean sharedStorage(VmSpec vm) {
    return vm.disks == null || vm.disks.stream().allMatch(d -> d.source == null || d.shared);
  }

  /**
   * QEMU's migration blockers for the domain's VFs (hw/vfio/migration.c vfio_migration_realize):
   * one per device, the newest first as QEMU prepends them.
   */
  public static List<String> blockers(HostSpec host, VmSpec vm) {
    List<String> reasons = new ArrayList<>();
    for (InterfaceSpec iface : vm.interfaces) {
      if (!"hostdev".equals(iface.type) || iface.pci == null) {
        continue;
      }
      Optional<VfRef> vf = LabTopology.vf(host, PciAddress.parse(iface.pci));
      if (vf.isEmpty() || !canMigrate(vf.get())) {
        reasons.add(0, iface.pci + ": VFIO migration is not supported in kernel");
      } else if (vm.viommu) {
        reasons.add(0, iface.pci + ": Migration is currently not supported with vIOMMU enabled");
      }
    }
    return reasons;
  }

  /** The VF is driven by the mlx5 VFIO variant driver and its function is migratable. */
  public static boolean canMigrate(VfRef ref) {
    return VARIANT_DRIVER.equals(ref.vf().driver)
        && ref.vf().migratable
        && ref.nic().vfMigrationMode == 2;
  }

  /** The destination's Prepare phase: host identity and the domain's name and UUID. */
  private static Optional<String> prepare(
      LabContext source, LabContext target, VmSpec vm, MigrationRequest request) {
    if (target.hostName().equals(source.hostName())) {
      return Optional.of(
          "internal error: Attempt to migrate guest to the same host "
              + MigrationDomains.hostUuid(source.hostName(), source.host()));
    }
    String uuid = MigrationDomains.uuid(vm);
    String name = request.destinationName();
    for (VmSpec other : target.host().vms) {
      if (MigrationDomains.uuid(other).equalsIgnoreCase(uuid)) {
        if (!other.name.equals(name)) {
          return Optional.of(
              "operation failed: domain '" + other.name + "' is already defined with uuid " + uuid);
        }
        if (MigrationDomains.active(other)) {
          return Optional.of(
              "Requested operation is not valid: domain '" + name + "' is already active");
        }
        return Optional.empty();
      }
    }
    for (VmSpec other : target.host().vms) {
      if (other.name.equals(name)) {
        return Optional.of(
            "operation failed: domain '"
                + name
                + "' already exists with uuid "
                + MigrationDomains.uuid(other));
      }
    }
    return Optional.empty();
  }

  /**
   * Pairs each VF of the domain with the destination's: the {@code --xml} interface with the same
   * MAC (else the one in the same position), or the same address when no XML is given.
   */
  private static List<VfMove> moves(
      LabContext source, LabContext target, VmSpec vm, Optional<String> xml) {
    List<HostdevInterface> rewritten =
        xml.map(DomainXml::parse).map(DomainXml::hostdevInterfaces).orElse(List.of());
    List<VfMove> moves = new ArrayList<>();
    int position = 0;
    for (InterfaceSpec iface : vm.interfaces) {
      if (!"hostdev".equals(iface.type) || iface.pci == null) {
        continue;
      }
      PciAddress from = PciAddress.parse(iface.pci);
      PciAddress to = from;
      if (!rewritten.isEmpty()) {
        Optional<HostdevInterface> byMac =
            iface.mac == null
                ? Optional.empty()
                : rewritten.stream()
                    .filter(h -> h.mac().equals(Optional.of(MacAddress.parse(iface.mac))))
                    .findFirst();
        to =
            byMac
                .map(HostdevInterface::source)
                .orElse(rewritten.get(Math.min(position, rewritten.size() - 1)).source());
      }
      position++;
      VfRef origin = LabTopology.vf(source.host(), from).orElseThrow();
      moves.add(new VfMove(iface, origin, to, LabTopology.vf(target.host(), to).orElse(null)));
    }
    return moves;
  }

  /** Whether the destination can give the VF to the incoming domain. */
  private static Optional<String> claimable(LabContext target, VfMove move) {
    String pci = move.to().toString();
    if (move.target() == null) {
      return Optional.of(
          "Device "
              + pci
              + " not found: could not access /sys/bus/pci/devices/"
              + pci
              + "/config: No such file or directory");
    }
    for (VmSpec other : target.host().vms) {
      if (!MigrationDomains.active(other)) {
        continue;
      }
      for (InterfaceSpec iface : other.interfaces) {
        if ("hostdev".equals(iface.type)
            && iface.pci != null
            && PciAddress.parse(iface.pci).equals(move.to())) {
          return Optional.of(
              "Requested operation is not valid: PCI device "
                  + pci
                  + " is in use by driver QEMU, domain "
                  + other.name);
        }
      }
    }
    if (!move.target().vf().migratable || move.target().nic().vfMigrationMode != 2) {
      // With managed='yes' libvirt binds the destination VF to mlx5_vfio_pci itself, whatever
      // driver it had (pci-stub after prepare); what it cannot fix is a VF whose function is not
      // migratable, which the destination QEMU reports with this blocker. Lab simplification: it
      // is refused up front instead of after the destination QEMU started.
      return Optional.of(
          "Requested operation is not valid: cannot migrate domain: "
              + pci
              + ": VFIO migration is not supported in kernel");
    }
    return Optional.empty();
  }
}
