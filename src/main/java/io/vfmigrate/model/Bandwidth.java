package io.vfmigrate.model;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A data rate in bytes per second. Parses link speeds ({@code 100Gbit/s}, {@code 25Gbps}) and byte
 * rates ({@code 200MiB/s}).
 */
public record Bandwidth(long bytesPerSecond) {
  private static final Pattern BITS =
      Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*([kMGT]?)(?:bit/s|bps)", Pattern.CASE_INSENSITIVE);
  private static final Pattern BYTES =
      Pattern.compile("(\\d+(?:\\.\\d+)?\\s*[A-Za-z]*)/s", Pattern.CASE_INSENSITIVE);

  public Bandwidth {
    if (bytesPerSecond < 0) {
      throw new InvalidInputException(
          "A rate cannot be negative.", "give a rate such as 100Gbit/s.");
    }
  }

  public static Bandwidth ofBytesPerSecond(long value) {
    return new Bandwidth(value);
  }

  public static Bandwidth parse(String text) {
    String t = text == null ? "" : text.trim();
    Matcher bits = BITS.matcher(t);
    if (bits.matches()) {
      long multiplier =
          switch (bits.group(2).toUpperCase(Locale.ROOT)) {
            case "K" -> 1_000L;
            case "M" -> 1_000_000L;
            case "G" -> 1_000_000_000L;
            case "T" -> 1_000_000_000_000L;
            default -> 1L;
          };
      BigDecimal bps = new BigDecimal(bits.group(1)).multiply(BigDecimal.valueOf(multiplier));
      BigDecimal bytesPerSecond = bps.divide(BigDecimal.valueOf(8));
      if (bytesPerSecond.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
        throw new InvalidInputException(
            "The rate '" + Names.printable(t) + "' is too large.",
            "give a link speed such as 100Gbit/s.");
      }
      return new Bandwidth(bytesPerSecond.longValue());
    }
    Matcher bytes = BYTES.matcher(t);
    if (bytes.matches()) {
      return new Bandwidth(ByteSize.parse(bytes.group(1)).bytes());
    }
    throw new InvalidInputException(
        "Invalid rate '" + Names.printable(t) + "'.",
        "use a link speed such as 100Gbit/s or a byte rate such as 200MiB/s.");
  }

  /** As a link speed is written: "100 Gbit/s", "2.5 Gbit/s", "500 Mbit/s". */
  public String linkSpeed() {
    double bits = bytesPerSecond * 8.0;
    if (bits >= 1e9) {
      return decimal(bits / 1e9) + " Gbit/s";
    }
    if (bits >= 1e6) {
      return decimal(bits / 1e6) + " Mbit/s";
    }
    return decimal(bits / 1e3) + " kbit/s";
  }

  private static String decimal(double value) {
    String text = String.format(java.util.Locale.ROOT, "%.1f", value);
    return text.endsWith(".0") ? text.substring(0, text.length() - 2) : text;
  }

  @Override
  public String toString() {
    return ByteSize.ofBytes(bytesPerSecond).pretty() + "/s";
  }
}
