package io.vfmigrate.tools.devlink;

import io.vfmigrate.tools.ToolOutputException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The iproute2 version from {@code devlink -V}: {@code devlink utility, iproute2-6.2.0}. Up to 5.7
 * iproute2 printed a snapshot date ({@code iproute2-ss200127}); its 5.8.0 release printed a git
 * description ({@code iproute2-v5.7.0-77-gb687d1067169}) and its 5.9.0 release {@code 5.8.0}
 * (include/version.h at those tags); distribution builds may append a suffix.
 */
public record Iproute2Version(String raw, int major, int minor, int patch) {
  private static final Pattern LINE = Pattern.compile("devlink utility, iproute2-(\\S+)");
  private static final Pattern NUMBERED = Pattern.compile("v?(\\d+)\\.(\\d+)(?:\\.(\\d+))?.*");
  private static final Pattern SNAPSHOT = Pattern.compile("ss(\\d{6})");

  /** Parses the whole {@code devlink -V} output. */
  public static Iproute2Version parse(String output) {
    Matcher line = LINE.matcher(output);
    if (!line.find()) {
      throw new ToolOutputException(
          "devlink -V", "expected 'devlink utility, iproute2-VERSION'", output);
    }
    String raw = line.group(1);
    Matcher numbered = NUMBERED.matcher(raw);
    if (numbered.matches()) {
      return new Iproute2Version(
          raw,
          Integer.parseInt(numbered.group(1)),
          Integer.parseInt(numbered.group(2)),
          numbered.group(3) == null ? 0 : Integer.parseInt(numbered.group(3)));
    }
    if (SNAPSHOT.matcher(raw).matches()) {
      // Snapshot-dated versions were all released before 5.8 (mid-2020); 0.0.0 sorts them first.
      return new Iproute2Version(raw, 0, 0, 0);
    }
    throw new ToolOutputException("devlink -V", "unknown iproute2 version '" + raw + "'", output);
  }

  /** True when this is {@code major.minor} or newer (6.2 brought {@code migratable}). */
  public boolean isAtLeast(int wantMajor, int wantMinor) {
    return major > wantMajor || (major == wantMajor && minor >= wantMinor);
  }

  @Override
  public String toString() {
    return raw;
  }
}
