package io.vfmigrate.lab.machine;

import io.vfmigrate.lab.state.LabSpec;

/** The lab's virtual time, which every host shares. */
public final class LabTime {
  private LabTime() {}

  public static void advance(LabSpec lab, long ms) {
    lab.clockMs += ms;
  }
}
