package io.vfmigrate.cli;

import io.vfmigrate.lab.LabException;
import io.vfmigrate.model.InvalidInputException;
import io.vfmigrate.model.NotReadyException;
import io.vfmigrate.model.RolledBackException;
import io.vfmigrate.model.VfmigrateException;
import picocli.CommandLine;

/** Turns an exception that escaped a command into a message, a fix and an exit code. */
final class ErrorReporter implements CommandLine.IExecutionExceptionHandler {
  private final CliContext context;

  ErrorReporter(CliContext context) {
    this.context = context;
  }

  @Override
  public int handleExecutionException(
      Exception ex, CommandLine commandLine, CommandLine.ParseResult parseResult) {
    context.out().flush();
    if (ex instanceof VfmigrateException v) {
      context.err().println("error: " + v.getMessage());
      if (!v.fix().isBlank()) {
        context.err().println("fix: " + v.fix());
      }
      return exitCode(v);
    }
    context.err().println("error: internal error: " + ex);
    context
        .err()
        .println("fix: this is a bug in vfmigrate; please report it with the output above.");
    return ExitCodes.NEEDS_ATTENTION;
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
}
