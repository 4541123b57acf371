package io.vfmigrate.lab.state;

import java.util.ArrayList;
import java.util.List;

/**
 * QEMU's side of a running migration as the lab's migration model keeps it (runtime): what it runs
 * with, then every figure it needs to continue. Times are virtual ms since the migration started;
 * sizes are bytes. Nothing here is meant to be edited by hand.
 */
public class MigrationModelSpec {
  // ---- settings -------------------------------------------------------------------------------
  public long memoryBytes;
  public long dirtyBytesPerSecond;
  public long bandwidthBytesPerSecond;
  public List<Device> devices = new ArrayList<>();
  public boolean switchoverAck;
  public boolean live = true;

  /** Multifd channels ({@code --parallel}); 0: the main channel alone. */
  public int multifdChannels;

  /** True when the VFs' device state travels over the multifd channels (QEMU 10.0). */
  public boolean deviceStateOverMultifd;

  /** What one channel moves at most, bytes/s; 0: as much as the link. */
  public long channelBytesPerSecond;

  /** This migration's share of a link other migrations use too, bytes/s; 0: the whole link. */
  public long sharedBytesPerSecond;

  /** One VF's migration cost. */
  public static class Device {
    public String pci;
    public long precopyBytes;
    public long stopcopyBytes;
    public long saveTimeMs;
    public long loadTimeMs;
  }

  // ---- state ----------------------------------------------------------------------------------
  public long downtimeLimitMs;
  public String phase = "PREPARE";
  public double now;
  public double phaseLeft;
  public Double qemuStartMs;
  public double passTotal;
  public double passSent;
  public double precopyTotal;
  public double precopySent;
  public Double precopyDoneMs;
  public double dirtied;
  public double dirtiedSinceSync;
  public long syncCount;
  public double lastSyncMs;
  public double bytesAtLastSync;
  public double dirtyPagesRate;
  public double ramTransferred;
  public double vfioTransferred;
  public double precopyRamBytes;
  public double downtimeRamBytes;
  public double sentInLastAdvance;
  public double lastAdvanceMs;
  public boolean guestStopped;
  public Double switchoverMs;
  public double downRamLeft;
  public double downDeviceLeft;
  public Double completedMs;
}
