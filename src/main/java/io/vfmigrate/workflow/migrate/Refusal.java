package io.vfmigrate.workflow.migrate;

import java.util.Objects;

/**
 * A guard that said no: which, why, and what fixes it. A refusal always carries its reason and its
 * fix; one without either is a bug of the guard, refused here rather than shown as an empty line.
 */
public record Refusal(String guard, String reason, String fix) {
  public Refusal {
    Objects.requireNonNull(guard, "guard");
    if (reason == null || reason.isBlank()) {
      throw new IllegalArgumentException("refusal " + guard + " without a reason");
    }
    if (fix == null || fix.isBlank()) {
      throw new IllegalArgumentException("refusal " + guard + " without a fix");
    }
  }
}
