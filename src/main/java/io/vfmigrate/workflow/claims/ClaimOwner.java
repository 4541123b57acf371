package io.vfmigrate.workflow.claims;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * Who holds a claim: the operation, the control machine it runs on (its hostname), the process and
 * when it took the claim. {@code since} is the control machine's wall clock, the clock the kernel
 * dates processes with, so that a reused PID can be told from the process that took the claim.
 */
public record ClaimOwner(String operation, String machine, long pid, Instant since) {
  public ClaimOwner {
    operation = word("operation", operation);
    machine = word("machine", machine);
    if (pid <= 0) {
      throw new IllegalArgumentException("pid must be positive: " + pid);
    }
    // Milliseconds are what a person reading the file can use; the nanoseconds of some clocks
    // would not survive the round trip through the file either way.
    since = Objects.requireNonNull(since, "since").truncatedTo(ChronoUnit.MILLIS);
  }

  /** A value that fits one {@code key=value} line: not blank, no line breaks or control chars. */
  private static String word(String what, String value) {
    Objects.requireNonNull(value, what);
    String v = value.strip();
    if (v.isEmpty() || v.chars().anyMatch(Character::isISOControl)) {
      throw new IllegalArgumentException(
          what + " must be one printable line: '" + value.replace("\n", "\\n") + "'");
    }
    return v;
  }

  /** For messages: {@code migrate-4242-1 on ctl1, pid 4242, since 2026-12-03T07:46:51.123Z}. */
  public String describe() {
    return operation + " on " + machine + ", pid " + pid + ", since " + since;
  }
}
