package io.vfmigrate.model;

import java.util.Locale;
import java.util.regex.Pattern;

/** A unicast Ethernet MAC address, kept in lower case ({@code 52:54:00:56:8c:f7}). */
public record MacAddress(String value) {
  private static final Pattern FORMAT = Pattern.compile("([0-9a-f]{2}:){5}[0-9a-f]{2}");

  public MacAddress {
    String lower = value == null ? "" : value.toLowerCase(Locale.ROOT);
    if (!FORMAT.matcher(lower).matches()) {
      throw new InvalidInputException(
          "Invalid MAC address '" + Names.printable(String.valueOf(value)) + "'.",
          "use six hex pairs separated by ':', for example 52:54:00:56:8c:f7, or 'auto'.");
    }
    if ((Integer.parseInt(lower.substring(0, 2), 16) & 1) != 0) {
      throw new InvalidInputException(
          "MAC address " + lower + " is a multicast address.",
          "use a unicast address (even first octet), for example 52:54:00:56:8c:f7.");
    }
    value = lower;
  }

  public static MacAddress parse(String text) {
    return new MacAddress(text);
  }

  @Override
  public String toString() {
    return value;
  }
}
