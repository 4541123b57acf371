package io.vfmigrate.model;

/**
 * One {@code <disk>} of a domain, as libvirt's migration safety check sees it ({@code
 * qemuMigrationSrcIsSafe}).
 *
 * @param type {@code file}, {@code block}, {@code network}, {@code dir}, {@code volume}, {@code
 *     nvme}, ...
 * @param device {@code disk}, {@code cdrom}, {@code floppy}, {@code lun}
 * @param target the guest device name, e.g. {@code vda}
 * @param source the file, block device, directory, or {@code protocol:name} of a network disk;
 *     empty for a drive without media
 * @param cache the cache mode ({@code none}, {@code writeback}, ...); empty for the hypervisor's
 *     default
 * @param readonly {@code <readonly/>}
 * @param shareable {@code <shareable/>}
 */
public record GuestDisk(
    String type,
    String device,
    String target,
    String source,
    String cache,
    boolean readonly,
    boolean shareable) {
  /** Cache modes with which a shared disk needs no cache flush at switchover. */
  public boolean cacheSafe() {
    return cache.equals("none") || cache.equals("directsync");
  }

  /** A drive without media or a read-only disk: libvirt skips it. */
  public boolean skippedByLibvirt() {
    return source.isEmpty() || readonly;
  }
}
