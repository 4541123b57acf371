package io.vfmigrate.tools.lshw;

import io.vfmigrate.tools.ToolOutputException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses {@code lshw -businfo} (lshw src/core/print.cc {@code printincolumns}). Each column is
 * padded to the widest value over the whole tree plus two spaces, so its start is where its header
 * starts. The Device column is empty for VFs bound to vfio and the Bus info column for nodes
 * without one, so rows cannot be split on whitespace: they are cut at the header's column starts.
 * Rows with an empty description end in trailing spaces; rows may also come without them.
 */
public final class LshwBusinfoParser {
  /** Header names are separated by at least two spaces; "Bus info" itself has one. */
  private static final Pattern HEADER_COLUMN = Pattern.compile("\\S+(?: \\S+)*");

  private LshwBusinfoParser() {}

  public static List<LshwDevice> parse(String stdout) {
    String[] lines = stdout.split("\n", -1);
    int headerIndex = -1;
    for (int i = 0; i < lines.length; i++) {
      if (!lines[i].isBlank()) {
        headerIndex = i;
        break;
      }
    }
    if (headerIndex < 0) {
      return List.of();
    }
    int[] starts = columnStarts(lines[headerIndex], stdout);
    List<LshwDevice> devices = new ArrayList<>();
    for (int i = headerIndex + 1; i < lines.length; i++) {
      String line = stripNewline(lines[i]);
      if (line.isBlank() || line.chars().allMatch(c -> c == '=')) {
        continue;
      }
      devices.add(
          new LshwDevice(
              cut(line, 0, starts[1]),
              cut(line, starts[1], starts[2]),
              cut(line, starts[2], starts[3]),
              cut(line, starts[3], line.length())));
    }
    return devices;
  }

  private static int[] columnStarts(String header, String stdout) {
    Matcher m = HEADER_COLUMN.matcher(stripNewline(header));
    List<Integer> starts = new ArrayList<>();
    while (m.find()) {
      starts.add(m.start());
    }
    if (starts.size() != 4 || starts.get(0) != 0) {
      throw new ToolOutputException(
          "lshw -businfo", "expected the header 'Bus info  Device  Class  Description'", stdout);
    }
    return starts.stream().mapToInt(Integer::intValue).toArray();
  }

  private static String cut(String line, int from, int to) {
    if (from >= line.length()) {
      return "";
    }
    return line.substring(from, Math.min(to, line.length())).strip();
  }

  private static String stripNewline(String line) {
    return line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
  }
}
