package io.vfmigrate.workflow.prepare;

/**
 * One change that preparation makes to a host. Teardown runs the same steps undone ({@link
 * Undone}), so each step also says how its undo reads and which command it runs.
 */
interface Step extends io.vfmigrate.workflow.steps.Step<HostTools> {
  /** What undoing the step achieves, as teardown shows it. */
  String undoDescription();

  /** The command the undo runs, as an operator would paste it. */
  String undoCommand();
}
