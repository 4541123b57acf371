package io.vfmigrate.tools.virsh;

import io.vfmigrate.model.ByteSize;
import io.vfmigrate.tools.ToolOutputException;
import java.util.HashMap;
import java.util.Map;

/**
 * {@code virsh nodememstats}: the host's memory in KiB, one {@code %-7s: %12llu KiB} line per field
 * ({@code tools/virsh-host.c cmdNodeMemStats}; on Linux libvirt reads {@code /proc/meminfo}).
 */
public record NodeMemory(ByteSize total, ByteSize free, ByteSize buffers, ByteSize cached) {
  /** Memory the kernel can give a new QEMU without swapping: free plus buffers and page cache. */
  public ByteSize available() {
    return free.plus(buffers).plus(cached);
  }

  static NodeMemory parse(String stdout) {
    Map<String, Long> kib = new HashMap<>();
    for (String line : VirshText.lines(stdout)) {
      int colon = line.indexOf(':');
      if (colon < 0) {
        continue;
      }
      String value = line.substring(colon + 1).strip();
      if (!value.endsWith(" KiB")) {
        throw new ToolOutputException("virsh nodememstats", "no KiB in '" + line + "'", stdout);
      }
      try {
        kib.put(
            line.substring(0, colon).strip(),
            Long.parseLong(value.substring(0, value.length() - 4).strip()));
      } catch (NumberFormatException e) {
        throw new ToolOutputException("virsh nodememstats", "not a number: '" + line + "'", stdout);
      }
    }
    if (!kib.containsKey("total") || !kib.containsKey("free")) {
      throw new ToolOutputException("virsh nodememstats", "no total or free line", stdout);
    }
    return new NodeMemory(
        kibibytes(kib.get("total")),
        kibibytes(kib.get("free")),
        kibibytes(kib.getOrDefault("buffers", 0L)),
        kibibytes(kib.getOrDefault("cached", 0L)));
  }

  private static ByteSize kibibytes(long kib) {
    return ByteSize.ofBytes(kib * 1024);
  }
}
