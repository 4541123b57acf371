package io.vfmigrate.workflow.steps;

import java.util.function.Consumer;

/** A step whose change is kept for good: {@link #undo} brings nothing back. */
record ForwardOnlyStep<C>(String description, String command, Consumer<C> action)
    implements Step<C> {
  @Override
  public void apply(C context) {
    action.accept(context);
  }

  @Override
  public void undo(C context) {
    // Settled for good: nothing to bring back.
  }
}
