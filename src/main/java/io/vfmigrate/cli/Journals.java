package io.vfmigrate.cli;

import io.vfmigrate.journal.sqlite.JournalException;
import io.vfmigrate.journal.sqlite.SqliteJournal;
import io.vfmigrate.model.NeedsAttentionException;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Opens the journal a command records its operation in: {@code $VFMIGRATE_HOME/journal.db}, shared
 * by every vfmigrate process of this user. The caller closes it.
 */
final class Journals {
  static final String FILE_NAME = "journal.db";

  private Journals() {}

  static Path file(CliContext context) {
    return context.home().resolve(FILE_NAME);
  }

  /** The journal, created with its directory on first use; exit 5 with a fix when it cannot be. */
  static SqliteJournal open(CliContext context) {
    Path home = context.home();
    try {
      Files.createDirectories(home);
    } catch (IOException e) {
      throw new NeedsAttentionException(
          "Cannot create " + home + " for the journal: " + reason(e) + ".",
          "make "
              + home
              + " a directory this user can write, or set VFMIGRATE_HOME to one that is.",
          e);
    }
    try {
      return SqliteJournal.open(file(context));
    } catch (JournalException e) {
      throw new NeedsAttentionException(
          e.getMessage(),
          e.fix() + " Or set VFMIGRATE_HOME to another directory for a journal of its own.",
          e);
    }
  }

  private static String reason(IOException e) {
    if (e instanceof FileAlreadyExistsException) {
      return "a file of that name is in the way";
    }
    if (e instanceof AccessDeniedException) {
      return "permission denied";
    }
    return e.toString();
  }
}
