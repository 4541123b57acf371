package io.vfmigrate.tools.rpm;

import io.vfmigrate.tools.ToolOutputException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Parses the lines {@code rpm -q} and {@code rpm -qa} print: one {@code name-version-release.arch}
 * per installed package. The name may contain dashes, so version and release are the last two
 * dash-separated fields; the arch is the suffix after the last dot only when it is a known RPM
 * architecture (release strings such as {@code 1.el9} contain dots, and {@code gpg-pubkey} entries
 * have no arch at all).
 */
public final class NevraParser {
  private static final Set<String> ARCHES =
      Set.of(
          "x86_64", "noarch", "i686", "i386", "aarch64", "ppc64le", "ppc64", "s390x", "src",
          "armv7hl", "riscv64");
  private static final String NOT_INSTALLED_PREFIX = "package ";
  private static final String NOT_INSTALLED_SUFFIX = " is not installed";

  private NevraParser() {}

  /** Parses one NEVRA, e.g. {@code mstflint-4.26.0-1.el9.x86_64}. */
  public static InstalledPackage parseOne(String line) {
    String text = line.strip();
    String arch = "";
    int dot = text.lastIndexOf('.');
    if (dot > 0 && ARCHES.contains(text.substring(dot + 1))) {
      arch = text.substring(dot + 1);
      text = text.substring(0, dot);
    }
    int releaseDash = text.lastIndexOf('-');
    int versionDash = releaseDash > 0 ? text.lastIndexOf('-', releaseDash - 1) : -1;
    if (versionDash <= 0 || releaseDash == text.length() - 1 || releaseDash - versionDash < 2) {
      throw new ToolOutputException("rpm", "not a name-version-release.arch line", line);
    }
    return new InstalledPackage(
        text.substring(0, versionDash),
        text.substring(versionDash + 1, releaseDash),
        text.substring(releaseDash + 1),
        arch);
  }

  /**
   * Parses {@code rpm -q}/{@code rpm -qa} standard output: one package per non-empty line; {@code
   * package NAME is not installed} lines (rpm -q with several names) are skipped.
   */
  public static List<InstalledPackage> parse(String stdout) {
    List<InstalledPackage> packages = new ArrayList<>();
    for (String line : stdout.split("\n")) {
      String text = line.strip();
      if (text.isEmpty() || isNotInstalledLine(text)) {
        continue;
      }
      packages.add(parseOne(text));
    }
    return packages;
  }

  /** True for rpm's {@code package NAME is not installed}. */
  public static boolean isNotInstalledLine(String line) {
    String text = line.strip();
    return text.startsWith(NOT_INSTALLED_PREFIX) && text.endsWith(NOT_INSTALLED_SUFFIX);
  }
}
