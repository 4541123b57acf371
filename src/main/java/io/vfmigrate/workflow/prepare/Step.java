package io.vfmigrate.workflow.prepare;

import java.util.Optional;

/**
 * One change that preparation makes to a host. Teardown runs the same steps undone ({@link
 * Undone}), so each step also says how its undo reads and which command it runs.
 */
interface Step extends io.vfmigrate.workflow.steps.Step<HostTools> {
  /** What undoing the step achieves, as teardown shows it. */
  String undoDescription();

  /** The command the undo runs, as an operator would paste it. */
  @Override
  String undoCommand();

  /**
   * How the undo leaves the host when a failed run rolls back, for the operator: empty when exactly
   * as before and nothing is worth saying.
   */
  default Optional<UndoOutcome> undoOutcome() {
    return Optional.empty();
  }

  /**
   * {@code exact}: the host is as it was before the run in every respect the step touched; {@code
   * note}: one sentence on what the undo did or could not put back.
   */
  record UndoOutcome(boolean exact, String note) {}
}
