package io.vfmigrate.model;

/**
 * An operation failed part-way and everything it had changed was undone; the system is as it was
 * before. The CLI maps it to exit code 4.
 */
public class RolledBackException extends VfmigrateException {
  private static final long serialVersionUID = 1L;

  public RolledBackException(String message, String fix, Throwable cause) {
    super(message, fix, cause);
  }
}
