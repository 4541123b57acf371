package io.vfmigrate.cli;

final class Journals {
  private Journals() {}

  static io.vfmigrate.workflow.journal.Journal open(CliContext ctx) {
    return new io.vfmigrate.workflow.journal.InMemoryJournal();
  }
}
