package io.vfmigrate.lab.state;

/** The migration network between any two hosts of the lab. */
public class LinkSpec {
  public String bandwidth = "100Gbit/s";

  /** False while the link is cut (a lab failure scenario). */
  public boolean up = true;
}
