package io.vfmigrate.workflow.steps;

/**
 * One change to the hosts, run through a {@link StepRunner}. A step knows the command it runs
 * (taken from its tool adapter's argv, so a dry run shows what the real run does), how to apply
 * itself and how to undo itself. {@code C} is what the steps of one workflow share: a host's tool
 * adapters for preparation, the migration context for migrate.
 */
public interface Step<C> {
  /** What the step achieves, in the procedure's words. */
  String description();

  /** The command as an operator would paste it; values decided by earlier steps are predicted. */
  String command();

  void apply(C context);

  /** Reverses {@link #apply}; a step that changes nothing durable may do nothing. */
  void undo(C context);

  /** The command(s) {@link #undo} runs, as an operator would paste them; empty when unknown. */
  default String undoCommand() {
    return "";
  }

  /**
   * True when a failed {@link #apply} may have half-happened and must be undone too (a migration
   * that failed is aborted); false when a failed step changed nothing.
   */
  default boolean undoWhenFailed() {
    return false;
  }

  /**
   * A step that is not undone (what recover does to settle an operation: nobody wants the state it
   * ended).
   */
  static <C> Step<C> forwardOnly(
      String description, String command, java.util.function.Consumer<C> apply) {
    return new ForwardOnlyStep<>(description, command, apply);
  }
}
