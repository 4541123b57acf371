package io.vfmigrate.workflow.preflight;

import io.vfmigrate.model.Finding;
import io.vfmigrate.model.GuestDisk;
import io.vfmigrate.tools.fs.FilesystemType;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code storage}: every disk of the VM is on storage the destination sees, as libvirt's {@code
 * qemuMigrationSrcIsSafe} decides: drives without media and read-only disks do not count; network
 * disks are shared; a file must be on a shared filesystem ({@code virFileIsSharedFS}, asked here
 * with {@code stat -f}) and exist at the same path on the destination; an NVMe disk never is
 * shared. {@code --copy-storage-all} copies the disks instead. A shared disk whose cache mode is
 * not {@code none} or {@code directsync} is reported: libvirt accepts it only because QEMU drops
 * the page cache at switchover, and cluster filesystems (GFS2, OCFS2) need no such care.
 */
final class StorageCheck implements GuestCheck {
  static final String ID = "storage";

  @Override
  public String id() {
    return ID;
  }

  @Override
  public Finding check(PrereqFacts src, PrereqFacts dst, GuestFacts guest) {
    String pair = src.name() + "," + dst.name();
    List<String> unsafe = new ArrayList<>();
    List<String> missing = new ArrayList<>();
    List<String> cache = new ArrayList<>();
    List<String> doubtful = new ArrayList<>();
    int counted = 0;
    for (GuestDisk d : guest.needs().disks()) {
      if (d.skippedByLibvirt()) {
        continue;
      }
      counted++;
      String name = d.target() + " (" + d.source() + ")";
      if (guest.copyStorage() || d.type().equals("network")) {
        continue;
      }
      if (d.type().equals("nvme")) {
        unsafe.add(name + " on a local NVMe device");
        continue;
      }
      boolean cluster = false;
      if (d.type().equals("file")) {
        Optional<FilesystemType> fs = src.filesystemOf(d.source());
        if (fs.isEmpty()) {
          missing.add(name + " (missing on " + src.name() + " too)");
          continue;
        }
        if (fs.get().fuse()) {
          doubtful.add(name + " on FUSE (shared only for GlusterFS or Quobyte)");
        } else if (!fs.get().shared()) {
          unsafe.add(name + " on local " + fs.get().name());
          continue;
        }
        if (dst.filesystemOf(d.source()).isEmpty()) {
          missing.add(name);
          continue;
        }
        cluster = fs.get().cluster();
      }
      if (!cluster && !d.shareable() && !d.cacheSafe()) {
        cache.add(d.target() + " cache=" + (d.cache().isEmpty() ? "default" : d.cache()));
      }
    }
    String vm = guest.vm();
    if (!unsafe.isEmpty() || !missing.isEmpty()) {
      List<String> parts = new ArrayList<>();
      if (!unsafe.isEmpty()) {
        parts.add("not on shared storage: " + String.join(", ", unsafe));
      }
      if (!missing.isEmpty()) {
        parts.add(
            "not found on " + dst.name() + " at the same path: " + String.join(", ", missing));
      }
      return Finding.fail(
          ID,
          pair,
          vm
              + "'s disks "
              + String.join("; ", parts)
              + " (libvirt: 'Migration without shared storage is unsafe')",
          "put the disks on storage both hosts mount at the same path (NFS, Ceph, GFS2, ...) or"
              + " on network disks, or copy them with: vfmigrate migrate "
              + vm
              + " --copy-storage-all");
    }
    if (!cache.isEmpty() || !doubtful.isEmpty()) {
      List<String> parts = new ArrayList<>(doubtful);
      if (!cache.isEmpty()) {
        parts.add(
            "cache mode libvirt calls unsafe for migration: "
                + String.join(", ", cache)
                + " (allowed only because QEMU drops the page cache at switchover)");
      }
      return Finding.warn(
          ID,
          pair,
          vm + "'s disks: " + String.join("; ", parts),
          "use cache='none' (or 'directsync') on shared disks: virsh edit "
              + vm
              + ", <driver ... cache='none'/>, then restart the VM");
    }
    String how =
        counted == 0
            ? vm + " has no disk that needs shared storage"
            : guest.copyStorage()
                ? "--copy-storage-all copies " + vm + "'s " + counted + " disk(s)"
                : "every disk of " + vm + " is on storage " + dst.name() + " sees";
    return Finding.pass(ID, pair, how);
  }
}
