package io.vfmigrate.tools.virsh;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One progress report of {@code virsh migrate --verbose}, which writes to stderr, separated by
 * {@code \r}: {@code "\r%s: [%5.2f %%]"} since libvirt 9.x ({@code Migration: [ 1.89 %]}, capped at
 * 99.99 while running, {@code 100.00} at the end) and {@code "\r%s: [%3d %%]"} up to 9.0 ({@code
 * Migration: [ 45 %]}). See tool-formats.md §5.3.
 *
 * @param percent the reported value, 0 to 100
 */
public record MigrationProgress(double percent) {
  private static final Pattern REPORT =
      Pattern.compile("Migration: \\[\\s*([0-9]+(?:\\.[0-9]+)?) %\\]");

  /** Every report found in the stderr text so far, in order. */
  public static List<MigrationProgress> parseAll(String stderr) {
    List<MigrationProgress> out = new ArrayList<>();
    Matcher m = REPORT.matcher(stderr == null ? "" : stderr);
    while (m.find()) {
      out.add(new MigrationProgress(Double.parseDouble(m.group(1))));
    }
    return out;
  }

  /** The last report in the stderr text so far; empty before the first one. */
  public static Optional<MigrationProgress> latest(String stderr) {
    List<MigrationProgress> all = parseAll(stderr);
    return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
  }

  /**
   * What virsh said besides its progress reports: {@code "\rMigration: [ 40.49 %]error: X"} gives
   * {@code "error: X"}. The reports share stderr with the error and end in no newline.
   */
  public static String withoutReports(String stderr) {
    String text = stderr == null ? "" : stderr;
    return Pattern.compile("\r?" + REPORT.pattern()).matcher(text).replaceAll("").strip();
  }

  /** virsh shows 100 only once the migration has completed. */
  public boolean complete() {
    return percent >= 100.0;
  }
}
