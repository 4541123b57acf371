package io.vfmigrate.workflow.prepare;

import java.util.List;

/**
 * What {@code prepare} planned on a host and whether it applied it. {@code steps} is empty when the
 * host was already prepared; {@code notes} tell the operator what no step covers.
 */
public record PrepareResult(
    String host,
    List<PlannedStep> steps,
    boolean applied,
    boolean rebootRequired,
    List<String> notes) {
  public PrepareResult {
    steps = List.copyOf(steps);
    notes = List.copyOf(notes);
  }

  public PrepareResult(
      String host, List<PlannedStep> steps, boolean applied, boolean rebootRequired) {
    this(host, steps, applied, rebootRequired, List.of());
  }

  /** A step as shown to the operator. */
  public record PlannedStep(String description, String command) {}
}
