package io.vfmigrate.workflow.recover;

import java.util.Locale;
import java.util.Optional;

/**
 * What {@code recover} did (or, in a dry run, would do) about one unfinished operation. {@code
 * needsAttention} is true when the hosts are not consistent and a person must decide.
 */
public record Recovery(
    String id,
    String kind,
    Optional<String> vm,
    Action action,
    String detail,
    boolean needsAttention) {

  /** finished: carried to its end; undone: put back as before; none: nothing to change. */
  public enum Action {
    FINISHED,
    UNDONE,
    NONE;

    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }
}
