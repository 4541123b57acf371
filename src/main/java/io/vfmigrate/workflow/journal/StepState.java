package io.vfmigrate.workflow.journal;

import java.util.Locale;

/** Where a journaled step is. A step left {@code RUNNING} by a dead process is for recover. */
public enum StepState {
  RUNNING,
  DONE,
  FAILED,
  UNDONE,
  UNDO_FAILED;

  /** running, done, failed, undone, undo-failed. */
  public String label() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  public static StepState ofLabel(String label) {
    return valueOf(label.toUpperCase(Locale.ROOT).replace('-', '_'));
  }
}
