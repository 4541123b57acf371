package io.vfmigrate.workflow.steps;

import io.vfmigrate.model.VfmigrateException;
import java.util.List;

/**
 * A step failed and the runner undid what this run had applied before it. {@link #undoErrors} is
 * empty when everything was undone; otherwise the hosts are half-changed and need a person.
 */
public final class StepFailedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final transient Step<?> step;
  private final transient VfmigrateException cause;
  private final int undone;
  private final List<String> undoErrors;

  StepFailedException(Step<?> step, VfmigrateException cause, int undone, List<String> undoErrors) {
    super("step '" + step.description() + "' failed: " + cause.getMessage(), cause);
    this.step = step;
    this.cause = cause;
    this.undone = undone;
    this.undoErrors = List.copyOf(undoErrors);
  }

  public Step<?> step() {
    return step;
  }

  /** The tool's or workflow's own error. */
  public VfmigrateException failure() {
    return cause;
  }

  /** How many applied steps were undone (or attempted). */
  public int undone() {
    return undone;
  }

  public List<String> undoErrors() {
    return undoErrors;
  }

  public boolean rolledBack() {
    return undoErrors.isEmpty();
  }
}
