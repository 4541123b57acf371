package io.vfmigrate.workflow.prepare;

/** A preparation step run backwards: what teardown does. Undoing it applies the step again. */
record Undone(Step step) implements Step {
  @Override
  public String description() {
    return step.undoDescription();
  }

  @Override
  public String command() {
    return step.undoCommand();
  }

  @Override
  public void apply(HostTools tools) {
    step.undo(tools);
  }

  @Override
  public void undo(HostTools tools) {
    step.apply(tools);
  }

  @Override
  public String undoDescription() {
    return step.description();
  }

  @Override
  public String undoCommand() {
    return step.command();
  }
}
