package io.vfmigrate.workflow.prepare;

import java.util.List;

/**
 * What {@code prepare} planned on a host and whether it applied it. {@code steps} is empty when the
 * host was already prepared.
 */
public record PrepareResult(
    String host, List<PlannedStep> steps, boolean applied, boolean rebootRequired) {
  public PrepareResult {
    steps = List.copyOf(steps);
  }

  /** A step as shown to the operator. */
  public record PlannedStep(String description, String command) {}
}
