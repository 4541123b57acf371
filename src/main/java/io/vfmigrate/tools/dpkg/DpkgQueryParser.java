package io.vfmigrate.tools.dpkg;

import io.vfmigrate.tools.ToolOutputException;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses {@code dpkg-query -W -f='${Package} ${Version} ${db:Status-Abbrev}\n'}: one line per
 * package, the status abbreviation being three characters such as {@code ii } (desired install,
 * status installed) or {@code rc } (removed, config files left).
 */
public final class DpkgQueryParser {
  private DpkgQueryParser() {}

  public static List<DebianPackage> parse(String stdout) {
    List<DebianPackage> out = new ArrayList<>();
    for (String line : stdout.split("\n")) {
      if (line.isBlank()) {
        continue;
      }
      String[] parts = line.strip().split("\\s+");
      if (parts.length < 2) {
        throw new ToolOutputException("dpkg-query", "a line without a version", stdout);
      }
      String status = parts.length > 2 ? parts[2] : "";
      out.add(new DebianPackage(parts[0], parts[1], status.startsWith("ii")));
    }
    return out;
  }
}
