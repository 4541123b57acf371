package io.vfmigrate.tools.dpkg;

import java.util.Objects;

/** A package as dpkg-query reports it: name, full Debian version, and whether it is installed. */
public record DebianPackage(String name, String version, boolean installed) {
  public DebianPackage {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(version, "version");
  }

  /** The upstream part of the version: {@code 1:4.21.0+1-1} gives {@code 4.21.0}. */
  public String upstreamVersion() {
    String v = version.replaceFirst("^\\d+:", "");
    int dash = v.lastIndexOf('-');
    if (dash > 0) {
      v = v.substring(0, dash);
    }
    return v.replaceFirst("\\+.*$", "");
  }
}
