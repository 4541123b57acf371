package io.vfmigrate.lab.tools;

import io.vfmigrate.lab.VirtualClock;
import io.vfmigrate.lab.state.HostSpec;
import io.vfmigrate.lab.state.LabSpec;

/**
 * What an emulator may see and change: its own host, the whole lab, the clock, and the host's
 * command faults.
 */
public record LabContext(
    String hostName, HostSpec host, LabSpec lab, VirtualClock clock, CommandFaults faults) {
  /** Without faults of its own to apply (they are applied to the command as a whole). */
  public LabContext(String hostName, HostSpec host, LabSpec lab, VirtualClock clock) {
    this(hostName, host, lab, clock, CommandFaults.NONE);
  }
}
