package io.vfmigrate.tools.virsh;

import java.util.Locale;

/** {@code Job type:} of {@code virsh domjobinfo} ({@code virDomainJobType}). */
public enum JobType {
  NONE,
  BOUNDED,
  UNBOUNDED,
  COMPLETED,
  FAILED,
  CANCELLED,
  /** A type this version of vfmigrate does not know. */
  UNKNOWN;

  static JobType of(String text) {
    try {
      return valueOf(text.strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      return UNKNOWN;
    }
  }

  /** True while a job runs (bounded or unbounded). */
  public boolean active() {
    return this == BOUNDED || this == UNBOUNDED;
  }
}
