package io.vfmigrate.model;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A number of bytes. Parses the forms people and tools write: {@code 8GiB}, {@code 300MB}, {@code
 * 32.196 GiB} (virsh), {@code 4096} (plain bytes).
 */
public record ByteSize(long bytes) implements Comparable<ByteSize> {
  private static final Pattern FORMAT =
      Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*([KMGTPE]i?B|[kKMGTPE]|B)?", Pattern.CASE_INSENSITIVE);
  private static final String[] BINARY = {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};

  public ByteSize {
    if (bytes < 0) {
      throw new InvalidInputException("A size cannot be negative.", "give a size such as 8GiB.");
    }
  }

  public static ByteSize ofBytes(long bytes) {
    return new ByteSize(bytes);
  }

  public static ByteSize ofMebibytes(long mib) {
    return new ByteSize(mib << 20);
  }

  public static ByteSize ofGibibytes(long gib) {
    return new ByteSize(gib << 30);
  }

  public static ByteSize parse(String text) {
    Matcher m = text == null ? null : FORMAT.matcher(text.trim());
    if (m == null || !m.matches()) {
      throw new InvalidInputException(
          "Invalid size '" + Names.printable(String.valueOf(text)) + "'.",
          "use a number with a unit, for example 8GiB, 512MiB or 300MB.");
    }
    BigDecimal number = new BigDecimal(m.group(1));
    String unit = m.group(2) == null ? "B" : m.group(2);
    BigDecimal bytes = number.multiply(BigDecimal.valueOf(multiplier(unit)));
    if (bytes.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
      throw new InvalidInputException(
          "The size '" + Names.printable(text) + "' is too large.",
          "give a size below 8EiB, for example 8GiB.");
    }
    return new ByteSize(bytes.longValue());
  }

  private static long multiplier(String unit) {
    String u = unit.toUpperCase(Locale.ROOT);
    boolean binary = u.endsWith("IB") || u.length() == 1 && !u.equals("B");
    char prefix = u.charAt(0);
    int power = "BKMGTPE".indexOf(prefix);
    if (u.equals("B")) {
      return 1;
    }
    long base = binary ? 1024 : 1000;
    long result = 1;
    for (int i = 0; i < power; i++) {
      result *= base;
    }
    return result;
  }

  public ByteSize plus(ByteSize other) {
    return new ByteSize(bytes + other.bytes);
  }

  @Override
  public int compareTo(ByteSize o) {
    return Long.compare(bytes, o.bytes);
  }

  /** Like virsh's {@code vshPrettyCapacity}: three decimals and a binary unit. */
  public String pretty() {
    double value = bytes;
    int unit = 0;
    while (value >= 1024 && unit < BINARY.length - 1) {
      value /= 1024;
      unit++;
    }
    return String.format(Locale.ROOT, "%.3f %s", value, BINARY[unit]);
  }

  @Override
  public String toString() {
    return pretty();
  }
}
