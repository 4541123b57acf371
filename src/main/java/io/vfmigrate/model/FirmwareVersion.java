package io.vfmigrate.model;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A Mellanox firmware version {@code major.minor.subminor}, e.g. {@code 28.39.1002}. */
public record FirmwareVersion(int major, int minor, int subminor)
    implements Comparable<FirmwareVersion> {
  private static final Pattern FORMAT = Pattern.compile("(\\d{1,4})\\.(\\d{1,4})\\.(\\d{1,5})");

  /** The floor of the RHEL procedure. */
  public static final FirmwareVersion MINIMUM = new FirmwareVersion(28, 36, 1010);

  /** What NVIDIA's DOCA documentation asks for. */
  public static final FirmwareVersion RECOMMENDED = new FirmwareVersion(28, 41, 1000);

  public static FirmwareVersion parse(String text) {
    Matcher m = text == null ? null : FORMAT.matcher(text.trim());
    if (m == null || !m.matches()) {
      throw new InvalidInputException(
          "Invalid firmware version '" + Names.printable(String.valueOf(text)) + "'.",
          "use the form 28.39.1002.");
    }
    return new FirmwareVersion(
        Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)));
  }

  public boolean isBefore(FirmwareVersion other) {
    return compareTo(other) < 0;
  }

  @Override
  public int compareTo(FirmwareVersion o) {
    int c = Integer.compare(major, o.major);
    if (c == 0) {
      c = Integer.compare(minor, o.minor);
    }
    return c != 0 ? c : Integer.compare(subminor, o.subminor);
  }

  /** Formats as flint does: {@code minor < 100 ? "%d.%d.%04d" : "%d.%04d.%04d"}. */
  @Override
  public String toString() {
    return String.format(
        Locale.ROOT, minor < 100 ? "%d.%d.%04d" : "%d.%04d.%04d", major, minor, subminor);
  }

  // Written out rather than generated: a record's generated equals and hashCode are bootstrapped
  // through method handles at their first call, which a fresh JVM pays on every run
  // (RecordMethodsTest).
  @Override
  public boolean equals(Object o) {
    return o instanceof FirmwareVersion v
        && major == v.major
        && minor == v.minor
        && subminor == v.subminor;
  }

  @Override
  public int hashCode() {
    return (major * 31 + minor) * 31 + subminor;
  }
}
