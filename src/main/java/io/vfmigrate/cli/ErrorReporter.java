package io.vfmigrate.cli;

import io.vfmigrate.lab.LabException;
import io.vfmigrate.model.InvalidInputException;
import io.vfmigrate.model.NotReadyException;
import io.vfmigrate.model.RolledBackException;
import io.vfmigrate.model.VfmigrateException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import picocli.CommandLine;

/**
 * Turns an exception that escaped a command, or a command line that did not parse, into a message,
 * a fix and an exit code. The message and fix go to stderr; when the command line asked for {@code
 * --json}, the same error is also printed on stdout as one JSON line, so a script that asked for
 * JSON always has something to parse.
 */
final class ErrorReporter
    implements CommandLine.IExecutionExceptionHandler, CommandLine.IParameterExceptionHandler {
  private final CliContext context;

  ErrorReporter(CliContext context) {
    this.context = context;
  }

  @Override
  public int handleExecutionException(
      Exception ex, CommandLine commandLine, CommandLine.ParseResult parseResult) {
    context.out().flush();
    int code;
    String message;
    String fix;
    if (ex instanceof VfmigrateException v) {
      code = exitCode(v);
      message = v.getMessage();
      fix = v.fix();
    } else {
      code = ExitCodes.NEEDS_ATTENTION;
      message = "internal error: " + ex;
      fix = "this is a bug in vfmigrate; please report it with the output above.";
    }
    context.err().println("error: " + message);
    if (!fix.isBlank()) {
      context.err().println("fix: " + fix);
    }
    if (asksForJson(parseResult)) {
      printJson(code, message, fix);
    }
    return code;
  }

  @Override
  public int handleParseException(CommandLine.ParameterException ex, String[] args) {
    context.out().flush();
    String usage = "usage: " + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help";
    context.err().println("error: " + ex.getMessage());
    StringWriter suggestions = new StringWriter();
    CommandLine.UnmatchedArgumentException.printSuggestions(ex, new PrintWriter(suggestions));
    context.err().print(suggestions);
    context.err().println(usage);
    if (asksForJson(List.of(args))) {
      String hint = suggestions.toString().strip();
      printJson(ExitCodes.USAGE, ex.getMessage(), (hint.isEmpty() ? "" : hint + " ") + usage);
    }
    return ExitCodes.USAGE;
  }

  private void printJson(int code, String message, String fix) {
    context
        .out()
        .println(
            Json.compact(
                new ErrorDocument(
                    new ErrorDocument.Body(
                        code, ExitCodes.kind(code), message, fix.isBlank() ? null : fix))));
    context.out().flush();
  }

  /** Whether the command that ran was given {@code --json}. */
  private static boolean asksForJson(CommandLine.ParseResult parseResult) {
    if (parseResult == null) {
      return false;
    }
    CommandLine.ParseResult last = parseResult;
    while (last.subcommand() != null) {
      last = last.subcommand();
    }
    return last.hasMatchedOption("--json") || asksForJson(parseResult.originalArgs());
  }

  /**
   * Whether {@code --json} is among the options of a command line that may not have parsed; a
   * caller that asked for JSON gets it even when its command line was wrong.
   */
  static boolean asksForJson(List<String> args) {
    for (String arg : args) {
      if ("--".equals(arg)) {
        return false;
      }
      if ("--json".equals(arg)) {
        return true;
      }
    }
    return false;
  }

  static int exitCode(VfmigrateException e) {
    if (e instanceof InvalidInputException || e instanceof LabException) {
      return ExitCodes.USAGE;
    }
    if (e instanceof NotReadyException) {
      return ExitCodes.NOT_READY;
    }
    if (e instanceof RolledBackException) {
      return ExitCodes.ROLLED_BACK;
    }
    return ExitCodes.NEEDS_ATTENTION;
  }

  /** {@code {"error": {"code", "kind", "message", "fix"}}}; README, "JSON output". */
  record ErrorDocument(Body error) {
    record Body(int code, String kind, String message, String fix) {}
  }
}
