package io.vfmigrate.lab.tools;

import io.vfmigrate.lab.VirtualClock;
import io.vfmigrate.lab.state.HostSpec;
import io.vfmigrate.lab.state.LabSpec;

/** What an emulator may see and change: its own host, the whole lab, and the clock. */
public record LabContext(String hostName, HostSpec host, LabSpec lab, VirtualClock clock) {}
