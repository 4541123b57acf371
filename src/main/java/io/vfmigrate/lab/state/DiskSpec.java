package io.vfmigrate.lab.state;

/** One disk of a VM. */
public class DiskSpec {
  /** The guest device, e.g. {@code vda}. */
  public String target = "vda";

  /** The image file; every host sees it at this path when {@code shared}. */
  public String source;

  /** True for a file on storage every host mounts (NFS), false for a host's local disk. */
  public boolean shared = true;

  /** The cache mode: none, writethrough, writeback, directsync, unsafe. */
  public String cache = "none";
}
