package io.vfmigrate.lab.state;

/**
 * One VF of a migrating domain (runtime): its address on the source, the destination VF that the
 * incoming domain holds, and how that destination VF was before the incoming domain took it.
 */
public class VfMoveSpec {
  public String from;
  public String to;

  /** The destination VF's driver, driver_override and detached state before the migration. */
  public String previousDriver;

  public String previousDriverOverride;
  public boolean previousDetached;
}
