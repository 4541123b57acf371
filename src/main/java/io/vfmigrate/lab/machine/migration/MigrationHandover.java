package io.vfmigrate.lab.machine.migration;

import io.vfmigrate.lab.LabYaml;
import io.vfmigrate.lab.machine.Hugepages;
import io.vfmigrate.lab.machine.LabTopology;
import io.vfmigrate.lab.machine.migration.MigrationPlan.VfMove;
import io.vfmigrate.lab.state.HostSpec;
import io.vfmigrate.lab.state.InterfaceSpec;
import io.vfmigrate.lab.state.JobSpec;
import io.vfmigrate.lab.state.MigrationSpec;
import io.vfmigrate.lab.state.VfMoveSpec;
import io.vfmigrate.lab.state.VfSpec;
import io.vfmigrate.lab.state.VmSpec;
import io.vfmigrate.model.PciAddress;
import java.util.Optional;

/**
 * What a migration changes on the two hosts, phase by phase. At Prepare the destination gets the
 * incoming domain (paused, holding its VFs). When Finish ends the domain runs there; when Confirm
 * ends it has left the source. On failure or cancel the incoming domain goes and the source runs on
 * unchanged.
 */
public final class MigrationHandover {
  private static final String HOST_DRIVER = "mlx5_core";

  private MigrationHandover() {}

  /**
   * The destination's Prepare: the incoming domain appears paused, with each hostdev interface on
   * its destination VF (MAC unchanged), replacing an inactive definition of the same domain.
   */
  public static void prepare(MigrationPlan plan, MigrationSpec migration) {
    VmSpec vm = plan.vm();
    VmSpec incoming = LabYaml.mapper().convertValue(vm, VmSpec.class);
    incoming.name = plan.request().destinationName();
    MigrationDomains.state(incoming, "paused", "migrating");
    incoming.lastJob = null;
    incoming.qmpSerial = null;
    int i = 0;
    for (InterfaceSpec iface : incoming.interfaces) {
      if ("hostdev".equals(iface.type) && iface.pci != null) {
        VfMove move = plan.vfs().get(i++);
        iface.pci = move.to().toString();
        VfSpec target = move.target().vf();
        VfMoveSpec record = new VfMoveSpec();
        record.from = move.iface().pci;
        record.to = iface.pci;
        record.previousDriver = target.driver;
        record.previousDriverOverride = target.driverOverride;
        record.previousDetached = target.detached;
        migration.vfs.add(record);
        target.driver = MigrationChecks.VARIANT_DRIVER;
        target.detached = true;
      }
    }
    HostSpec destination = plan.destination().host();
    String uuid = MigrationDomains.uuid(vm);
    Optional<VmSpec> replaced =
        destination.vms.stream()
            .filter(other -> uuid.equalsIgnoreCase(MigrationDomains.uuid(other)))
            .findFirst();
    replaced.ifPresent(destination.vms::remove);
    migration.replaced = replaced.orElse(null);
    destination.vms.add(incoming);
    Hugepages.take(destination, incoming);
  }

  /**
   * The destination's Finish is over: the domain runs there (paused with {@code --suspend}) with
   * its completed job.
   */
  public static void finished(MigrationRun run, JobSpec destinationJob) {
    run.incomingVm()
        .ifPresent(
            incoming -> {
              if (run.request().suspend()) {
                // qemuMigrationDstComplete: a paused domain's reason becomes "user".
                MigrationDomains.state(incoming, "paused", null);
              } else {
                MigrationDomains.state(incoming, "running", "migrated");
              }
              incoming.lastJob = destinationJob;
            });
  }

  /**
   * The source's Confirm is over: the source gives up the domain and its VFs. Without {@code
   * --undefinesource} the source keeps the domain's persistent definition, shut off.
   */
  public static void confirmed(MigrationRun run, JobSpec sourceJob) {
    HostSpec source = run.sourceHost();
    run.sourceVm()
        .ifPresent(
            vm -> {
              Hugepages.release(source, vm);
              if (run.request().undefineSource()) {
                source.vms.remove(vm);
              } else {
                MigrationDomains.state(vm, "shut off", "migrated");
                vm.lastJob = sourceJob;
              }
            });
    for (VfMoveSpec move : run.spec().vfs) {
      // managed='yes': when the domain stops using a hostdev, libvirt reattaches it to the host
      // (virhostdev.c virHostdevReattachPCIDevices -> virPCIDeviceReattach: unbind from the VFIO
      // driver, clear driver_override, reprobe), so the source VF is back on mlx5_core.
      LabTopology.vf(source, PciAddress.parse(move.from))
          .ifPresent(
              released -> {
                released.vf().driver = HOST_DRIVER;
                released.vf().detached = false;
              });
    }
  }

  /**
   * The job failed or was cancelled while QEMU transferred: QEMU resumes the guest on the source
   * (libvirt's qemuMigrationSrcRestoreDomainState when it was paused for the migration) and libvirt
   * kills the incoming QEMU.
   */
  public static void abandoned(MigrationRun run, Optional<JobSpec> sourceJob) {
    incomingDestroyed(run);
    run.sourceVm()
        .ifPresent(
            vm -> {
              if ("paused".equals(vm.state)) {
                MigrationDomains.state(vm, "running", "migration canceled");
              }
              sourceJob.ifPresent(job -> vm.lastJob = job);
            });
  }

  /**
   * The incoming domain is destroyed: a replaced inactive definition comes back, and each
   * destination VF returns to how it was before the incoming domain took it (the lab's reading of
   * libvirt undoing only the binding it made itself).
   */
  public static void incomingDestroyed(MigrationRun run) {
    HostSpec destination = run.destinationHost();
    if (destination == null) {
      return;
    }
    run.incomingVm()
        .ifPresent(
            incoming -> {
              destination.vms.remove(incoming);
              Hugepages.release(destination, incoming);
            });
    if (run.spec().replaced != null) {
      destination.vms.add(run.spec().replaced);
      run.spec().replaced = null;
    }
    for (VfMoveSpec move : run.spec().vfs) {
      LabTopology.vf(destination, PciAddress.parse(move.to))
          .ifPresent(
              ref -> {
                ref.vf().driver = move.previousDriver;
                ref.vf().driverOverride = move.previousDriverOverride;
                ref.vf().detached = move.previousDetached;
              });
    }
  }
}
