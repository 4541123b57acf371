package io.vfmigrate.workflow.preflight;

import io.vfmigrate.model.ByteSize;
import io.vfmigrate.model.Finding;
import io.vfmigrate.model.GuestRequirements;

/**
 * {@code destination-memory}: the destination has the memory the VM needs: free hugepages of the
 * VM's page size when hugepages back it (QEMU cannot start otherwise), else memory the kernel can
 * hand out (free, buffers and page cache, as {@code virsh nodememstats} reports them).
 */
final class DestinationMemoryCheck implements GuestCheck {
  static final String ID = "destination-memory";

  /** The default hugepage size of x86_64 hosts, for {@code <hugepages/>} without a size. */
  static final long DEFAULT_HUGEPAGE_KIB = 2048;

  @Override
  public String id() {
    return ID;
  }

  @Override
  public Finding check(PrereqFacts src, PrereqFacts dst, GuestFacts guest) {
    String pair = src.name() + "," + dst.name();
    GuestRequirements needs = guest.needs();
    ByteSize need = needs.memory();
    if (needs.hugepageKib().isPresent()) {
      long size = needs.hugepageKib().get() == 0 ? DEFAULT_HUGEPAGE_KIB : needs.hugepageKib().get();
      long free = dst.virsh().freepages(size).total(size);
      long pages = (need.bytes() / 1024 + size - 1) / size;
      if (free >= pages) {
        return Finding.pass(
            ID,
            pair,
            dst.name() + " has " + free + " free " + size + " KiB hugepages; needs " + pages);
      }
      return Finding.fail(
          ID,
          pair,
          dst.name()
              + " has "
              + free
              + " free "
              + size
              + " KiB hugepages; "
              + guest.vm()
              + " ("
              + need.pretty()
              + ") needs "
              + pages,
          "reserve hugepages on "
              + dst.name()
              + ": echo <total> > /sys/kernel/mm/hugepages/hugepages-"
              + size
              + "kB/nr_hugepages (1 GiB pages: hugepagesz=1G hugepages=N on the kernel command"
              + " line), with "
              + (pages - free)
              + " more than now");
    }
    ByteSize available = dst.memory().available();
    if (available.compareTo(need) >= 0) {
      return Finding.pass(
          ID,
          pair,
          dst.name() + " has " + available.pretty() + " available; needs " + need.pretty());
    }
    return Finding.fail(
        ID,
        pair,
        dst.name()
            + " has "
            + available.pretty()
            + " available (free, buffers and cache); "
            + guest.vm()
            + " needs "
            + need.pretty(),
        "free memory on "
            + dst.name()
            + " (stop or migrate away other VMs there), or migrate to a host with more");
  }
}
