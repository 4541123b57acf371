package io.vfmigrate.cli;

import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import picocli.CommandLine;

/** Entry point: parses the command line and maps every outcome to an exit code. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    int code = run(args, System.out, System.err, System.getenv());
    System.exit(code);
  }

  /** Runs vfmigrate with the given streams and environment; returns the exit code. */
  public static int run(String[] args, PrintStream out, PrintStream err, Map<String, String> env) {
    PrintWriter o = new PrintWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), true);
    PrintWriter e = new PrintWriter(new OutputStreamWriter(err, StandardCharsets.UTF_8), true);
    try {
      return run(args, new CliContext(o, e, env));
    } finally {
      o.flush();
      e.flush();
    }
  }

  static int run(String[] args, CliContext context) {
    CommandLine cli = commandLine(context);
    return cli.execute(args);
  }

  /** The command tree, with vfmigrate's error handling and exit codes. */
  static CommandLine commandLine(CliContext context) {
    CommandLine cli = new CommandLine(new VfmigrateCommand(context));
    HelpExamples.apply(cli);
    cli.setOut(context.out());
    cli.setErr(context.err());
    ErrorReporter errors = new ErrorReporter(context);
    cli.setExecutionExceptionHandler(errors);
    cli.setParameterExceptionHandler(errors);
    return cli;
  }
}
