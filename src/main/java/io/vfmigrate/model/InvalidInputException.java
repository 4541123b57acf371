package io.vfmigrate.model;

/** A value given by the user is not acceptable. The CLI maps it to exit code 2. */
public final class InvalidInputException extends VfmigrateException {
  private static final long serialVersionUID = 1L;

  public InvalidInputException(String message, String fix) {
    super(message, fix);
  }
}
