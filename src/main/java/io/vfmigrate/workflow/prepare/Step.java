package io.vfmigrate.workflow.prepare;

/**
 * One change to a host. A step knows the command an operator would type (for the dry-run runbook),
 * how to apply itself, and how to undo itself, which rollback and teardown use.
 */
interface Step {
  /** What the step achieves, in the procedure's words. */
  String description();

  /**
   * The command as an operator would paste it; values not known before earlier steps are shown as
   * predicted.
   */
  String command();

  void apply(HostTools tools);

  /** Reverses {@link #apply}; a step that changes nothing durable may do nothing. */
  void undo(HostTools tools);
}
