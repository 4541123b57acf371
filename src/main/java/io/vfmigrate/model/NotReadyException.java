package io.vfmigrate.model;

/**
 * An operation refused to act because a precondition does not hold; nothing was changed. The CLI
 * maps it to exit code 3.
 */
public class NotReadyException extends VfmigrateException {
  private static final long serialVersionUID = 1L;

  public NotReadyException(String message, String fix) {
    super(message, fix);
  }
}
