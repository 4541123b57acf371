package io.vfmigrate.lab.emulator;

import io.vfmigrate.lab.LabYaml;
import io.vfmigrate.lab.emulator.MigrationPlan.VfMove;
import io.vfmigrate.lab.state.HostSpec;
import io.vfmigrate.lab.state.InterfaceSpec;
import io.vfmigrate.lab.state.JobSpec;
import io.vfmigrate.lab.state.VfSpec;
import io.vfmigrate.lab.state.VmSpec;
import java.util.Optional;

/**
 * What a migration changes on the two hosts. At Prepare the destination gets the incoming domain
 * (paused, holding its VFs). On success the domain runs there and leaves the source; on failure or
 * cancel the incoming domain goes and the source runs on unchanged.
 */
final class MigrationHandover {
  private static final String HOST_DRIVER = "mlx5_core";

  private final MigrationPlan plan;
  private final VmSpec incoming;
  private final Optional<VmSpec> replaced;

  private MigrationHandover(MigrationPlan plan, VmSpec incoming, Optional<VmSpec> replaced) {
    this.plan = plan;
    this.incoming = incoming;
    this.replaced = replaced;
  }

  /**
   * The destination's Prepare: the incoming domain appears paused, with each hostdev interface on
   * its destination VF (MAC unchanged), replacing an inactive definition of the same domain.
   */
  static MigrationHandover prepare(MigrationPlan plan) {
    VmSpec vm = plan.vm();
    VmSpec incoming = LabYaml.mapper().convertValue(vm, VmSpec.class);
    incoming.name = plan.request().destinationName();
    incoming.state = "paused";
    incoming.lastJob = null;
    int i = 0;
    for (InterfaceSpec iface : incoming.interfaces) {
      if ("hostdev".equals(iface.type) && iface.pci != null) {
        VfMove move = plan.vfs().get(i++);
        iface.pci = move.to().toString();
        VfSpec target = move.target().vf();
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
    destination.vms.add(incoming);
    return new MigrationHandover(plan, incoming, replaced);
  }

  String incomingName() {
    return incoming.name;
  }

  /**
   * The switchover is over: the domain runs on the destination with its completed job, and the
   * source gives up its VFs. Without {@code --undefinesource} the source keeps the domain's
   * persistent definition, shut off.
   */
  void complete(JobSpec destinationJob, JobSpec sourceJob) {
    incoming.state = plan.request().suspend() ? "paused" : "running";
    incoming.lastJob = destinationJob;
    VmSpec vm = plan.vm();
    HostSpec source = plan.source().host();
    if (plan.request().undefineSource()) {
      source.vms.remove(vm);
    } else {
      vm.state = "shut off";
      vm.lastJob = sourceJob;
    }
    for (VfMove move : plan.vfs()) {
      // managed='yes': when the domain stops using a hostdev, libvirt reattaches it to the host
      // (virhostdev.c virHostdevReattachPCIDevices -> virPCIDeviceReattach: unbind from the VFIO
      // driver, clear driver_override, reprobe), so the source VF is back on mlx5_core.
      VfSpec released = move.from().vf();
      released.driver = HOST_DRIVER;
      released.detached = false;
    }
  }

  /**
   * The job failed or was cancelled: QEMU resumes the guest on the source and libvirt kills the
   * incoming QEMU. The destination VFs stay as they were prepared: libvirt only undoes what it did
   * itself, and they were bound before the migration started.
   */
  void abandon(JobSpec sourceJob) {
    HostSpec destination = plan.destination().host();
    destination.vms.remove(incoming);
    replaced.ifPresent(destination.vms::add);
    plan.vm().state = "running";
    plan.vm().lastJob = sourceJob;
  }
}
