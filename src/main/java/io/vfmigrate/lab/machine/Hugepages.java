package io.vfmigrate.lab.machine;

import io.vfmigrate.lab.state.HostSpec;
import io.vfmigrate.lab.state.VmSpec;
import io.vfmigrate.model.ByteSize;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.TreeSet;

/**
 * The hosts' free hugepages: a hugepage-backed VM holds {@code ceil(memory / size)} pages of its
 * size on the host it is active on. QEMU allocates them when it starts (a migration's Prepare) and
 * the kernel frees them when QEMU exits. The lab never lets a count go below zero: a VM that
 * arrives on a host short of pages takes what is free (real QEMU would fail to start; vfmigrate's
 * {@code destination-memory} check refuses such a migration before it begins).
 */
public final class Hugepages {
  /** The ordinary page size: its free count is the host's {@code memory_free}. */
  public static final long ORDINARY_KIB = 4;

  private Hugepages() {}

  /** Free pages of {@code sizeKib} on the host. */
  public static long free(HostSpec host, long sizeKib) {
    return host.hugepages == null ? 0 : host.hugepages.getOrDefault(sizeKib, 0L);
  }

  /** The page sizes {@code virsh freepages} lists: 4 KiB, 2 MiB, 1 GiB and any declared. */
  public static TreeSet<Long> sizes(HostSpec host) {
    TreeSet<Long> sizes = new TreeSet<>(List.of(ORDINARY_KIB, 2048L, 1048576L));
    if (host.hugepages != null) {
      sizes.addAll(host.hugepages.keySet());
    }
    return sizes;
  }

  /** The pages the VM holds while it is active. */
  public static long pages(VmSpec vm) {
    if (vm.hugepages == null) {
      return 0;
    }
    long kib = ByteSize.parse(vm.memory).bytes() / 1024;
    return (kib + vm.hugepages - 1) / vm.hugepages;
  }

  /** QEMU of the VM started on the host: its pages are no longer free. */
  public static void take(HostSpec host, VmSpec vm) {
    adjust(host, vm, -pages(vm));
  }

  /** QEMU of the VM exited on the host: its pages are free again. */
  public static void release(HostSpec host, VmSpec vm) {
    adjust(host, vm, pages(vm));
  }

  private static void adjust(HostSpec host, VmSpec vm, long delta) {
    if (vm.hugepages == null || vm.hugepages == ORDINARY_KIB || delta == 0) {
      return;
    }
    if (host.hugepages == null) {
      host.hugepages = new LinkedHashMap<>();
    }
    host.hugepages.put(vm.hugepages, Math.max(0, free(host, vm.hugepages) + delta));
  }
}
