package io.vfmigrate.lab.state;

import java.util.ArrayList;
import java.util.List;

/** One libvirt domain. */
public class VmSpec {
  public String name;
  public String uuid;
  public String memory = "8GiB";
  public int vcpus = 4;
  public String dirtyRate = "200MiB/s";
  public boolean viommu;

  /**
   * The size in KiB of the hugepages backing the VM's memory ({@code <memoryBacking><hugepages>});
   * null when ordinary pages back it.
   */
  public Long hugepages;

  /** When {@code virsh domdirtyrate-calc} last started, lab clock ms; null if never (runtime). */
  public Long dirtyRateCalcStartMs;

  /** That measurement's period in seconds (runtime). */
  public int dirtyRateCalcSeconds;

  /** running, paused or shut off. */
  public String state = "running";

  /**
   * Why the domain is in its state, as {@code virsh domstate --reason} names it (e.g. {@code
   * migrating}); null for the usual reason (booted, user, shutdown) (runtime).
   */
  public String stateReason;

  /** The guest's address on the VF network, given to the VF interface when it appears. */
  public String vfIp = "192.168.3.10/24";

  /** True when the guest runs the QEMU guest agent. */
  public boolean guestAgent = true;

  public List<InterfaceSpec> interfaces = new ArrayList<>();

  /** The VM's CPU; null for {@code host-passthrough}. */
  public CpuSpec cpu;

  /** The machine type; null for the q35 type of its host's RHEL release. */
  public String machine;

  /** The disks; null for one shared disk, {@code /var/lib/libvirt/images/NAME.qcow2}. */
  public List<DiskSpec> disks;

  /** Processes started through the guest agent (runtime). */
  public List<GuestExecSpec> guestExecs = new ArrayList<>();

  /**
   * QEMU's migration downtime limit set with {@code virsh migrate-setmaxdowntime}, ms; null for
   * QEMU's default of 300 ms (runtime).
   */
  public Long maxDowntimeMs;

  /** False for a transient domain (undefined while it ran): it goes when it stops (runtime). */
  public boolean persistent = true;

  /** The domain's last finished migration job (runtime). */
  public JobSpec lastJob;

  /** The number libvirt gave its last QMP command to this domain's QEMU (runtime). */
  public Long qmpSerial;
}
