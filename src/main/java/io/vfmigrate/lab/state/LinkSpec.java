package io.vfmigrate.lab.state;

/** The migration network between any two hosts of the lab. */
public class LinkSpec {
  public String bandwidth = "100Gbit/s";

  /**
   * What one migration channel moves at most (one thread copying pages into a socket is CPU-bound;
   * 12.5Gbit/s matches "8-16 connections can saturate 100 Gbps"); null: a channel is as fast as the
   * link.
   */
  public String channelBandwidth;

  /** False while the link is cut (a lab failure scenario). */
  public boolean up = true;
}
