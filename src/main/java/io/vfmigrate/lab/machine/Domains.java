package io.vfmigrate.lab.machine;

import io.vfmigrate.lab.state.HostSpec;
import io.vfmigrate.lab.state.InterfaceSpec;
import io.vfmigrate.lab.state.JobSpec;
import io.vfmigrate.lab.state.VmSpec;
import io.vfmigrate.model.PciAddress;

/**
 * libvirt's domain registry on one host: domains that go away, become transient, gain or lose an
 * interface, and the settings and job records libvirt keeps for them. virsh decides what to ask and
 * prints libvirt's answers; the change is made here.
 */
public final class Domains {
  private Domains() {}

  /** The domain is no longer known to libvirt on this host. */
  public static void remove(HostSpec host, VmSpec vm) {
    host.vms.remove(vm);
  }

  /**
   * {@code virsh undefine}: an active domain becomes transient (gone when it stops), an inactive
   * one is removed.
   */
  public static void undefine(HostSpec host, VmSpec vm) {
    if (DomainLayout.active(vm)) {
      vm.persistent = false;
    } else {
      remove(host, vm);
    }
  }

  /**
   * A VF attached as a hostdev interface: the guest names it as its next PCI device and gives it
   * the VM's VF address.
   */
  public static void attachHostdev(VmSpec vm, String mac, PciAddress pci) {
    InterfaceSpec iface = new InterfaceSpec();
    iface.type = DomainLayout.HOSTDEV;
    iface.mac = mac;
    iface.pci = pci.toString();
    iface.guestName = DomainLayout.nextHostdevGuestName(vm);
    iface.ip = vm.vfIp;
    vm.interfaces.add(iface);
  }

  public static void detachInterface(VmSpec vm, InterfaceSpec iface) {
    vm.interfaces.remove(iface);
  }

  /** {@code virsh migrate-setmaxdowntime}: the limit the domain's next migrations use. */
  public static void setMaxDowntime(VmSpec vm, long ms) {
    vm.maxDowntimeMs = ms;
  }

  /** libvirt drops a completed job's statistics once read without {@code --keep-completed}. */
  public static void dropCompletedStats(JobSpec job) {
    job.completedStatsRead = true;
  }

  /** {@code virsh domdirtyrate-calc}: a measurement of {@code seconds} starts at {@code nowMs}. */
  public static void startDirtyRateCalc(VmSpec vm, long nowMs, int seconds) {
    vm.dirtyRateCalcStartMs = nowMs;
    vm.dirtyRateCalcSeconds = seconds;
  }
}
