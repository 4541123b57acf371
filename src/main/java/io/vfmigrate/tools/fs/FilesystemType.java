package io.vfmigrate.tools.fs;

import java.util.Map;

/**
 * A filesystem type by its {@code statfs(2)} magic number, and whether libvirt counts it as shared
 * between hosts: {@code virFileIsSharedFS} accepts NFS, GFS2, OCFS2, AFS, SMB/CIFS, Ceph, GPFS,
 * Quobyte and ACFS; GFS2 and OCFS2 are cluster filesystems ({@code virFileIsClusterFS}), safe with
 * any cache mode. FUSE is shared only for some FUSE filesystems (GlusterFS, Quobyte), which libvirt
 * tells from the mount table.
 *
 * @param magic the magic number
 * @param name a readable name
 * @param shared whether libvirt counts it as shared storage
 * @param cluster whether it is a cluster filesystem
 */
public record FilesystemType(long magic, String name, boolean shared, boolean cluster) {
  public static final long NFS = 0x6969L;
  public static final long GFS2 = 0x01161970L;
  public static final long OCFS2 = 0x7461636fL;
  public static final long FUSE = 0x65735546L;
  public static final long EXT4 = 0xef53L;

  private static final Map<Long, String> SHARED =
      Map.of(
          NFS,
          "nfs",
          GFS2,
          "gfs2",
          OCFS2,
          "ocfs2",
          0x6b414653L,
          "afs",
          0x517bL,
          "smb",
          0xff534d42L,
          "cifs",
          0xfe534d42L,
          "smb2",
          0x00c36400L,
          "ceph",
          0x47504653L,
          "gpfs",
          0x51626d6eL,
          "quobyte");

  private static final Map<Long, String> LOCAL =
      Map.of(
          EXT4,
          "ext2/ext3/ext4",
          0x58465342L,
          "xfs",
          0x9123683eL,
          "btrfs",
          0x01021994L,
          "tmpfs",
          0x794c7630L,
          "overlayfs",
          FUSE,
          "fuse",
          0x2fc12fc1L,
          "zfs");

  /** The type with this magic number. */
  public static FilesystemType of(long magic) {
    if (SHARED.containsKey(magic)) {
      return new FilesystemType(magic, SHARED.get(magic), true, magic == GFS2 || magic == OCFS2);
    }
    if (magic == 0x61636673L) {
      return new FilesystemType(magic, "acfs", true, false);
    }
    return new FilesystemType(
        magic, LOCAL.getOrDefault(magic, "0x" + Long.toHexString(magic)), false, false);
  }

  /** FUSE: shared or not depends on which FUSE filesystem it is. */
  public boolean fuse() {
    return magic == FUSE;
  }
}
