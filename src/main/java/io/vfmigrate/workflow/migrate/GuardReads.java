package io.vfmigrate.workflow.migrate;

import io.vfmigrate.host.Command;
import io.vfmigrate.host.ManagedHost;
import io.vfmigrate.host.Read;
import io.vfmigrate.host.ReadResult;
import io.vfmigrate.model.PciAddress;
import io.vfmigrate.model.VfmigrateException;
import io.vfmigrate.tools.sysfs.PciSysfs;
import io.vfmigrate.workflow.SnapshotHost;
import io.vfmigrate.workflow.claims.ClaimKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What the guards read on each host, asked for in three batches per host (one exec each over SSH),
 * both hosts at once: first the facts the blocking checks and the VF inventory need, then what the
 * first answers name (the VF links, the other domains' XML, the source QEMU's multifd answers, the
 * destination's verdict on the VM's CPU), then the VFs' drivers. The guards then run against the
 * snapshot; anything they read that is not here is read once, on its own.
 */
final class GuardReads {
  private GuardReads() {}

  static void prefetch(ManagedHost source, ManagedHost destination, String vm) {
    first(source, destination, vm);
    SnapshotHost src = SnapshotHost.of(source);
    SnapshotHost dst = SnapshotHost.of(destination);
    List<SnapshotHost> both = List.of(src, dst);
    List<Read> disks = new ArrayList<>();
    List<Read> machine = new ArrayList<>();
    guestReads(src, vm, disks, machine);
    SnapshotHost.prefetchAll(
        both,
        h -> {
          List<Read> reads = named(h, h == src ? source : destination, h == src ? vm : "");
          reads.addAll(disks);
          if (h == src && running(src, vm)) {
            // What the multifd decision asks the source's QEMU, in this batch rather than after.
            reads.addAll(qemuQueries(vm));
          }
          if (h == dst) {
            reads.addAll(machine);
          }
          return reads;
        });
    SnapshotHost.prefetchAll(both, h -> drivers(h, h == src ? source : destination));
  }

  /**
   * The first batch alone: what needs nothing but the inventory and the VM's name. A snapshot that
   * already knows it (a {@link GuardHeadStart}'s) is not asked again.
   */
  static void first(ManagedHost source, ManagedHost destination, String vm) {
    SnapshotHost src = SnapshotHost.of(source);
    SnapshotHost dst = SnapshotHost.of(destination);
    SnapshotHost.prefetchAll(
        List.of(src, dst),
        h -> {
          List<Read> reads = facts(h == src ? source : destination);
          reads.add(virsh("capabilities"));
          if (h == dst) {
            reads.add(tool("firewall-cmd", "--state"));
            reads.add(virsh("nodememstats"));
          }
          if (h == src) {
            reads.add(reaches(destination));
            reads.add(virsh("domstate", vm));
            reads.add(virsh("dumpxml", vm));
            reads.add(virsh("dumpxml", vm, "--migratable"));
          }
          return reads;
        });
  }

  /** The host facts the blocking preflight checks and the VF inventory read. */
  private static List<Read> facts(ManagedHost h) {
    PciAddress pf = h.pf();
    List<Read> reads = new ArrayList<>();
    reads.add(new Read.Run(Command.of("uname", "-r")));
    reads.add(new Read.File(PciSysfs.path(pf, "vendor")));
    reads.add(new Read.File(PciSysfs.path(pf, "device")));
    reads.add(tool("mstflint", "-d", pf.toString(), "q"));
    reads.add(tool("mstconfig", "-d", pf.toString(), "-e", "query", "VF_MIGRATION_MODE"));
    reads.add(tool("modinfo", "mlx5_vfio_pci"));
    reads.add(virsh("version"));
    reads.add(virsh("list", "--all", "--name"));
    reads.add(new Read.Directory(ClaimKind.VF.directory()));
    reads.add(new Read.File(PciSysfs.path(pf, "sriov_numvfs")));
    reads.add(tool("devlink", "-j", "port", "show"));
    return reads;
  }

  /**
   * Whether this host reaches {@code other}'s libvirt without a prompt: libvirt-reachable asks the
   * source about the destination; the destination's firewall (migration-port) and both hosts'
   * capabilities (host-uuid-distinct) are in the first batch beside it.
   */
  private static Read reaches(ManagedHost other) {
    return new Read.Run(
        io.vfmigrate.tools.virsh.VirshHost.connectCommand(other.entry().libvirtUri()).inCLocale());
  }

  /**
   * What the VM's live XML names: the filesystem under each file disk, asked of both hosts (the
   * storage check), the destination's domain capabilities for its machine type (machine-type,
   * cpu-compatible), and the destination's verdict on its CPU (cpu-compatible).
   */
  private static void guestReads(SnapshotHost src, String vm, List<Read> disks, List<Read> dst) {
    try {
      Optional<ReadResult> xml = src.known(virsh("dumpxml", vm));
      if (xml.isPresent() && xml.get().commandResult().succeeded()) {
        io.vfmigrate.model.GuestRequirements needs =
            io.vfmigrate.model.GuestRequirements.of(xml.get().commandResult().stdout());
        for (io.vfmigrate.model.GuestDisk d : needs.disks()) {
          if (d.type().equals("file") && !d.source().isEmpty()) {
            disks.add(tool("stat", "-f", "-c", "%t", d.source()));
          }
        }
        if (!needs.machine().isEmpty()) {
          dst.add(
              new Read.Run(
                  io.vfmigrate.tools.virsh.VirshHost.domainCapabilitiesCommand(
                      needs.virtType(), needs.arch(), needs.machine())));
        }
        if (!needs.cpuMode().isEmpty() && !needs.cpuMode().equals("host-passthrough")) {
          // cpu-compatible's question, the XML on stdin, in the same batch: it names the machine
          // type when the destination has it (the domcapabilities beside it say so; if not, the
          // check asks again without it).
          dst.add(
              new Read.Run(
                  io.vfmigrate.tools.virsh.VirshHost.hypervisorCpuCompareCommand(
                      io.vfmigrate.tools.virsh.VirshHost.dumpxmlBody(
                          xml.get().commandResult().stdout()),
                      needs.virtType(),
                      needs.arch(),
                      needs.machine())));
        }
      }
    } catch (RuntimeException e) {
      // Unreadable XML, or names libvirt would not take: the checks read (and report) it alone.
    }
  }

  /** What the first answers name: each VF's link, and each other domain's XML, state and job. */
  private static List<Read> named(SnapshotHost h, ManagedHost managed, String vm) {
    List<Read> reads = new ArrayList<>();
    int vfs = number(h.known(new Read.File(PciSysfs.path(managed.pf(), "sriov_numvfs"))));
    for (int i = 0; i < vfs; i++) {
      reads.add(new Read.Link(PciSysfs.path(managed.pf(), "virtfn" + i)));
    }
    if (!vm.isEmpty()) {
      // The link's speed for the prediction, from the PF's netdev devlink named.
      Forecast.pfNetdev(h, managed.pf())
          .ifPresent(n -> reads.add(new Read.File(Forecast.speedPath(n))));
    }
    for (String domain : lines(h.known(virsh("list", "--all", "--name")))) {
      if (!domain.equals(vm)) {
        reads.add(virsh("dumpxml", domain));
        if (!vm.isEmpty()) {
          // The 4-VF guard's: whether it runs (and so may migrate), and its job.
          reads.add(virsh("domstate", domain));
          reads.add(virsh("domjobinfo", domain));
        }
      }
    }
    return reads;
  }

  /** The driver of each VF the links name. */
  private static List<Read> drivers(SnapshotHost h, ManagedHost managed) {
    List<Read> reads = new ArrayList<>();
    int vfs = number(h.known(new Read.File(PciSysfs.path(managed.pf(), "sriov_numvfs"))));
    for (int i = 0; i < vfs; i++) {
      Optional<ReadResult> link = h.known(new Read.Link(PciSysfs.path(managed.pf(), "virtfn" + i)));
      vf(link).ifPresent(pci -> reads.add(new Read.Link(PciSysfs.path(pci, "driver"))));
    }
    return reads;
  }

  /** True when the first batch found {@code vm} running on the source (it has a QEMU to ask). */
  private static boolean running(SnapshotHost src, String vm) {
    try {
      return src.known(virsh("domstate", vm))
          .filter(r -> r.commandResult().succeeded())
          .map(r -> r.commandResult().stdout().strip().equals("running"))
          .orElse(false);
    } catch (VfmigrateException e) {
      return false;
    }
  }

  /**
   * QEMU's answers the multifd decision needs: read-only QMP queries, asked with the guards' second
   * batch when the VM runs (the decision reads them from the snapshot).
   */
  static List<Read> qemuQueries(String vm) {
    return List.of(
        virsh(
            "qemu-monitor-command", vm, io.vfmigrate.tools.virsh.Virsh.QUERY_MIGRATE_CAPABILITIES),
        virsh("qemu-monitor-command", vm, io.vfmigrate.tools.virsh.Virsh.VFIO_PCI_PROPERTIES));
  }

  private static Read virsh(String... args) {
    List<String> argv = new ArrayList<>(List.of("virsh"));
    argv.addAll(List.of(args));
    return new Read.Run(Command.of(argv).inCLocale());
  }

  private static Read tool(String... argv) {
    return new Read.Run(Command.of(argv).inCLocale());
  }

  private static int number(Optional<ReadResult> read) {
    try {
      return read.map(r -> Integer.parseInt(r.text().strip())).orElse(0);
    } catch (VfmigrateException | NumberFormatException e) {
      return 0;
    }
  }

  private static List<String> lines(Optional<ReadResult> read) {
    try {
      return read.filter(r -> r.commandResult().succeeded())
          .map(r -> r.commandResult().stdout().lines().map(String::strip))
          .map(s -> s.filter(l -> !l.isEmpty()).toList())
          .orElse(List.of());
    } catch (VfmigrateException e) {
      return List.of();
    }
  }

  private static Optional<PciAddress> vf(Optional<ReadResult> link) {
    try {
      Optional<String> target = link.flatMap(ReadResult::link);
      if (target.isEmpty()) {
        return Optional.empty();
      }
      String t = target.get();
      return Optional.of(PciAddress.parse(t.substring(t.lastIndexOf('/') + 1)));
    } catch (VfmigrateException e) {
      return Optional.empty();
    }
  }
}
