package io.vfmigrate.cli;

import io.vfmigrate.workflow.journal.Journal;

/** The journal of {@code $VFMIGRATE_HOME}, open for one CLI run. */
final class JournalHandle implements AutoCloseable {
  private final Journal journal;

  private JournalHandle(Journal journal) {
    this.journal = journal;
  }

  static JournalHandle open(CliContext ctx) {
    return new JournalHandle(Journals.open(ctx));
  }

  Journal journal() {
    return journal;
  }

  @Override
  public void close() {
    if (journal instanceof AutoCloseable c) {
      try {
        c.close();
      } catch (Exception e) {
        // Every write was its own transaction; closing loses nothing.
      }
    }
  }
}
