package io.vfmigrate.lab;

import io.vfmigrate.lab.state.HostSpec;
import io.vfmigrate.lab.state.VmSpec;
import java.util.Map;

/**
 * The lab's hugepage fields, checked when a lab file is loaded: per host {@code hugepages} (free
 * pages per page size in KiB), per VM {@code hugepages} (the page size backing its memory). Each
 * error names the field and what it takes.
 */
final class HugepageFields {
  private static final String SIZES = "a page size in KiB: 2048 (2 MiB) or 1048576 (1 GiB)";

  private HugepageFields() {}

  static void host(String origin, String at, HostSpec host) {
    if (host.hugepages == null) {
      return;
    }
    for (Map.Entry<Long, Long> e : host.hugepages.entrySet()) {
      String field = at + ".hugepages." + e.getKey();
      size(origin, field, e.getKey());
      if (e.getKey() == 4) {
        throw new LabException(
            origin + ": " + field + ": 4 KiB pages are the host's ordinary memory.",
            "set memory_free for ordinary memory; list hugepage sizes here, e.g. {2048: 4096}.");
      }
      if (e.getValue() == null || e.getValue() < 0) {
        throw new LabException(
            origin + ": " + field + " is " + e.getValue() + ", not a count of free pages.",
            "give the number of free pages, 0 or more, e.g. {2048: 4096}.");
      }
    }
  }

  static void vm(String origin, String at, VmSpec vm) {
    if (vm.hugepages != null) {
      size(origin, at + ".hugepages", vm.hugepages);
    }
  }

  private static void size(String origin, String field, Long kib) {
    if (kib == null || kib < 4 || Long.bitCount(kib) != 1) {
      throw new LabException(
          origin
              + ": "
              + field
              + ": "
              + kib
              + " is not a page size (a power of two of 4 KiB or more).",
          "give " + SIZES + ".");
    }
  }
}
