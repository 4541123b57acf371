package io.vfmigrate.model;

/** Dotted version numbers as tools print them ({@code 9.0.0}, {@code 7.2.22}, {@code 8.2.0-11}). */
public final class VersionNumbers {
  private VersionNumbers() {}

  /** True when {@code version} is at least {@code major.minor}; false when it is not a number. */
  public static boolean atLeast(String version, int major, int minor) {
    String[] parts = version.split("[.-]");
    try {
      int ma = Integer.parseInt(parts[0]);
      int mi = parts.length > 1 ? Integer.parseInt(parts[1]) : 0;
      return ma > major || (ma == major && mi >= minor);
    } catch (NumberFormatException e) {
      return false;
    }
  }
}
