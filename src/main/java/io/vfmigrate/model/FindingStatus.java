package io.vfmigrate.model;

import java.util.Locale;

/** The verdict of one check. */
public enum FindingStatus {
  PASS,
  WARN,
  FAIL;

  /** The lower-case word used in JSON and tables. */
  public String word() {
    return name().toLowerCase(Locale.ROOT);
  }
}
