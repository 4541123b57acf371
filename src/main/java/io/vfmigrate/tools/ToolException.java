package io.vfmigrate.tools;

import io.vfmigrate.host.CommandResult;
import io.vfmigrate.model.NotReadyException;
import io.vfmigrate.model.VfmigrateException;

/** A tool ran but failed. Carries the command's result and the tool's own error text. */
public class ToolException extends VfmigrateException {
  private static final long serialVersionUID = 1L;

  @SuppressWarnings("serial") // results are never serialized; the exception only crosses threads
  private final CommandResult result;

  public ToolException(String message, String fix, CommandResult result) {
    super(message, fix);
    this.result = result;
  }

  /** Builds {@code 'CMD' failed on HOST (exit N): TOOL MESSAGE}. */
  public static ToolException failed(String host, CommandResult result, String fix) {
    return new ToolException(describeFailure(host, result), fix, result);
  }

  /** The standard one-line description of a failed command, the tool's own words at the end. */
  public static String describeFailure(String host, CommandResult result) {
    String text = result.errorText();
    return "'"
        + result.command().display()
        + "' failed on "
        + host
        + " (exit "
        + result.exitCode()
        + ")"
        + (text.isEmpty() ? "." : ": " + text);
  }

  /**
   * This failure as a refusal (exit 3) of work that has changed nothing yet: "{@code what}: the
   * tool's words. Nothing was changed." with the tool's fix.
   */
  public NotReadyException asRefusal(String what) {
    return new NotReadyException(
        what + ": " + getMessage() + " Nothing was changed.",
        fix().isBlank() ? "fix the cause above, then run the command again" : fix());
  }

  public CommandResult result() {
    return result;
  }

  /** The tool's own words: stderr, else stdout; empty when there is no command result. */
  public String toolMessage() {
    return result == null ? "" : result.errorText();
  }
}
