package io.vfmigrate.lab.state;

/**
 * The migration cost of one VF's device state. Defaults follow the published mlx5 figures (300 MB
 * of state, ~1900 ms downtime without switchover-ack, ~420 ms with it).
 */
public class DeviceStateSpec {
  /** Device state sent during pre-copy. */
  public String precopy = "300MB";

  /** Device state sent after the guest stops. */
  public String stopcopy = "30MB";

  /** Time the destination needs to load the state, inside downtime without switchover-ack. */
  public long loadTimeMs = 1480;

  /** Time the source device needs to save its final state. */
  public long saveTimeMs = 300;

  public boolean switchoverAck = true;
}
