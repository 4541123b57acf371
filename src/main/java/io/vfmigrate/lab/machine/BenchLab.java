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
}
