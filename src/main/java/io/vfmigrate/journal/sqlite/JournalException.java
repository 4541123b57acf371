package io.vfmigrate.journal.sqlite;

import io.vfmigrate.model.NeedsAttentionException;

/**
 * The journal cannot be opened or written. An operation that cannot journal its steps must not
 * change hosts, so this stops it; the message names the file and SQLite's own reason.
 */
public final class JournalException extends NeedsAttentionException {
  private static final long serialVersionUID = 1L;

  JournalException(String message, String fix, Throwable cause) {
    super(message, fix, cause);
  }
}
