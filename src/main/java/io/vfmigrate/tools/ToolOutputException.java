package io.vfmigrate.tools;

import io.vfmigrate.host.CommandResult;

/**
 * A tool's output could not be parsed: its format is not the one vfmigrate knows (a different
 * version of the tool). The message names the tool and shows a snippet of what it printed.
 */
public final class ToolOutputException extends ToolException {
  private static final long serialVersionUID = 1L;
  private static final int SNIPPET_LENGTH = 200;

  /** For a parser that has no command result at hand (fixture tests, parsers reused elsewhere). */
  public ToolOutputException(String tool, String problem, String output) {
    super(message(tool, problem, output), fixFor(tool), null);
  }

  public ToolOutputException(String tool, String problem, CommandResult result) {
    super(message(tool, problem, result.stdout()), fixFor(tool), result);
  }

  private static String message(String tool, String problem, String output) {
    return "Could not read the output of "
        + tool
        + ": "
        + problem
        + ". Output began: \""
        + snippet(output)
        + "\"";
  }

  private static String fixFor(String tool) {
    return "check the installed version of "
        + tool
        + " (vfmigrate reads the formats documented in docs/commands.md) and report the output"
        + " above.";
  }

  /** The start of the output, on one line, so the message shows what came back. */
  public static String snippet(String output) {
    String text = output == null ? "" : output.strip();
    String oneLine = text.replace("\n", "\\n").replace("\t", "\\t");
    return oneLine.length() <= SNIPPET_LENGTH
        ? oneLine
        : oneLine.substring(0, SNIPPET_LENGTH) + "...";
  }
}
