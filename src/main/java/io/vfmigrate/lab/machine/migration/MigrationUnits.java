package io.vfmigrate.lab.machine.migration;

import io.vfmigrate.lab.state.LabSpec;
import io.vfmigrate.model.Bandwidth;
import io.vfmigrate.model.ByteSize;

/** The lab's sizes and rates (validated when the lab was loaded) as numbers. */
public final class MigrationUnits {
  private MigrationUnits() {}

  public static long bytes(String size) {
    return ByteSize.parse(size).bytes();
  }

  public static long bandwidthOf(String rate) {
    return Bandwidth.parse(rate).bytesPerSecond();
  }

  /** The migration link between the lab's hosts, bytes per second. */
  public static long bandwidth(LabSpec lab) {
    return bandwidthOf(lab.link.bandwidth);
  }
}
