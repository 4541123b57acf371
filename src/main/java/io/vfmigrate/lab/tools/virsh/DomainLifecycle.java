package io.vfmigrate.lab.tools.virsh;

import io.vfmigrate.lab.machine.DomainHostdevs;
import io.vfmigrate.lab.machine.DomainLayout;
import io.vfmigrate.lab.machine.Domains;
import io.vfmigrate.lab.machine.Hugepages;
import io.vfmigrate.lab.machine.LabTopology;
import io.vfmigrate.lab.machine.migration.MigrationDomains;
import io.vfmigrate.lab.machine.migration.RunningMigrations;
import io.vfmigrate.lab.state.InterfaceSpec;
import io.vfmigrate.lab.state.VmSpec;
import io.vfmigrate.lab.tools.LabContext;
import io.vfmigrate.model.PciAddress;

/**
 * {@code virsh destroy} and {@code virsh undefine}, with the texts virsh 9.0.0 prints (checked
 * against its test:///default driver): {@code Domain 'vm1' destroyed}, {@code Domain 'vm1' has been
 * undefined}, and for a domain that does not run {@code error: Failed to destroy domain 'vm1'} /
 * {@code error: Requested operation is not valid: domain is not running}.
 */
public final class DomainLifecycle {
  private DomainLifecycle() {}

  /**
   * qemuDomainDestroyFlags: QEMU is killed at once; libvirt gives a managed hostdev's VF back to
   * its host driver, and qemuDomainRemoveInactive then drops a transient domain. A domain a
   * migration job holds waits for the job's lock and gives up.
   */
  public static void destroy(VirshSession session, VmSpec vm) {
    LabContext context = session.context();
    String refused = null;
    if (!DomainLayout.active(vm)) {
      refused = "Requested operation is not valid: domain is not running";
    } else if (RunningMigrations.outgoing(context.lab(), context.hostName(), vm.name).isPresent()) {
      refused = MigrationCommands.JOB_LOCKED + "remoteDispatchDomainMigrateBegin3Params)";
    } else if (RunningMigrations.incoming(context.lab(), context.hostName(), vm.name).isPresent()) {
      refused = MigrationCommands.JOB_LOCKED + "remoteDispatchDomainMigratePrepare3Params)";
    }
    if (refused != null) {
      session.error("Failed to destroy domain '" + vm.name + "'");
      session.error(refused);
      return;
    }
    MigrationDomains.state(vm, "shut off", "destroyed");
    Hugepages.release(context.host(), vm);
    for (InterfaceSpec iface : vm.interfaces) {
      if (DomainLayout.isHostdev(iface) && iface.pci != null) {
        LabTopology.vf(context.host(), PciAddress.parse(iface.pci))
            .ifPresent(ref -> DomainHostdevs.returnToHost(ref.vf()));
      }
    }
    if (!vm.persistent) {
      // A transient domain exists only while it runs.
      Domains.remove(context.host(), vm);
    }
    session.printExtra("Domain '" + vm.name + "' destroyed\n");
  }

  /**
   * virDomainUndefine: a domain that does not run is gone; a running one becomes transient and goes
   * when it stops.
   */
  public static void undefine(VirshSession session, VmSpec vm) {
    Domains.undefine(session.context().host(), vm);
    session.printExtra("Domain '" + vm.name + "' has been undefined\n");
  }
}
