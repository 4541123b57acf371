package io.vfmigrate.model;

/**
 * An operation failed and could not put everything back; an operator must look. The message says
 * what state was left. The CLI maps it to exit code 5.
 */
public class NeedsAttentionException extends VfmigrateException {
  private static final long serialVersionUID = 1L;

  public NeedsAttentionException(String message, String fix) {
    super(message, fix);
  }

  public NeedsAttentionException(String message, String fix, Throwable cause) {
    super(message, fix, cause);
  }
}
