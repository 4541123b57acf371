package io.vfmigrate.lab.machine;

import io.vfmigrate.lab.state.LabSpec;

/** The labs {@code vfmigrate lab bench} measures: a lab whose vm1 and VFs are set as asked. */
public final class BenchLab {
  private BenchLab() {}

  /** {@code lab} with the source's first VM of that memory and switchover-ack on or off. */
  public static LabSpec of(LabSpec lab, String vmMemory, boolean switchoverAck) {
    lab.hosts.get("src").vms.get(0).memory = vmMemory;
    lab.hosts.values().forEach(h -> h.nics.get(0).deviceState.switchoverAck = switchoverAck);
    return lab;
  }

  /**
   * {@code lab} as a pair that supports multifd device state (QEMU 10.0) and switchover-ack, with
   * the source's first VM of that memory and one migration channel CPU-bound at 12.5 Gbit/s (8 of
   * them fill 100 Gbit/s).
   */
  public static LabSpec multifdPair(LabSpec lab, String vmMemory) {
    lab.hosts
        .values()
        .forEach(
            h -> {
              h.packages.put("qemu-kvm", "10.0.0");
              h.packages.put("libvirt", "11.0.0");
            });
    lab.hosts.get("src").vms.get(0).memory = vmMemory;
    lab.link.channelBandwidth = "12.5Gbit/s";
    return lab;
  }

  /** {@code lab} with each VF of either host carrying that pre-copy and stop-copy state. */
  public static LabSpec withDeviceState(LabSpec lab, String precopy, String stopcopy) {
    lab.hosts
        .values()
        .forEach(
            h -> {
              h.nics.get(0).deviceState.precopy = precopy;
              h.nics.get(0).deviceState.stopcopy = stopcopy;
            });
    return lab;
  }

  /** {@code lab} with the source's first VM dirtying memory at {@code dirtyRate} over a link. */
  public static LabSpec withLoad(LabSpec lab, String dirtyRate, String linkBandwidth) {
    lab.hosts.get("src").vms.get(0).dirtyRate = dirtyRate;
    lab.link.bandwidth = linkBandwidth;
    return lab;
  }
}
