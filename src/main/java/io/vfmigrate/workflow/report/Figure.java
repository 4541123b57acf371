package io.vfmigrate.workflow.report;

import java.util.Optional;

/** A measured figure, or unknown with the reason why: never 0 for unknown. */
public record Figure(Optional<Long> value, String whyUnknown) {
  public static Figure known(long value) {
    return new Figure(Optional.of(value), "");
  }

  public static Figure unknown(String why) {
    return new Figure(Optional.empty(), why);
  }

  public static Figure of(Optional<Long> value, String whyUnknown) {
    return value.isPresent() ? new Figure(value, "") : unknown(whyUnknown);
  }
}
