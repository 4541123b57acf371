package io.vfmigrate.tools.virsh;

import io.vfmigrate.tools.ToolOutputException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code virsh freepages --pagesize SIZE --all}: free pages of each size per NUMA node, printed as
 * {@code Node N:} followed by {@code <size>KiB: <count>} lines ({@code tools/virsh-host.c
 * cmdFreepages}).
 *
 * @param free per NUMA node, page size in KiB to the number of free pages
 */
public record FreePages(Map<Integer, Map<Long, Long>> free) {
  private static final Pattern NODE = Pattern.compile("Node (\\d+):");
  private static final Pattern PAGES = Pattern.compile("(\\d+)KiB: (\\d+)");

  public FreePages {
    free = Map.copyOf(free);
  }

  /** Free pages of {@code sizeKib} summed over all NUMA nodes. */
  public long total(long sizeKib) {
    return free.values().stream().mapToLong(m -> m.getOrDefault(sizeKib, 0L)).sum();
  }

  static FreePages parse(String stdout) {
    Map<Integer, Map<Long, Long>> nodes = new LinkedHashMap<>();
    Map<Long, Long> current = null;
    for (String line : VirshText.lines(stdout)) {
      String l = line.strip();
      Matcher node = NODE.matcher(l);
      Matcher pages = PAGES.matcher(l);
      if (node.matches()) {
        current = new LinkedHashMap<>();
        nodes.put(Integer.parseInt(node.group(1)), current);
      } else if (pages.matches() && current != null) {
        current.put(Long.parseLong(pages.group(1)), Long.parseLong(pages.group(2)));
      } else if (!l.isEmpty()) {
        throw new ToolOutputException("virsh freepages", "unexpected line '" + l + "'", stdout);
      }
    }
    nodes.replaceAll((n, m) -> Map.copyOf(m));
    return new FreePages(nodes);
  }
}
