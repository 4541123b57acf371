package io.vfmigrate.model;

/**
 * Base of every error vfmigrate reports. Like jib's {@code HelpfulSuggestions}, each error carries
 * the action that fixes it, so the CLI never has to guess one.
 */
public class VfmigrateException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final String fix;

  public VfmigrateException(String message, String fix) {
    super(message);
    this.fix = fix == null ? "" : fix;
  }

  public VfmigrateException(String message, String fix, Throwable cause) {
    super(message, cause);
    this.fix = fix == null ? "" : fix;
  }

  /** The action that fixes this error; empty when there is nothing the user can do. */
  public String fix() {
    return fix;
  }
}
