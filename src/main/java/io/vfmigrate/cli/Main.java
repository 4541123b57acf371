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
    WarmUp.startFor(args, System.getenv());
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
    CommandLine cli = commandLine(context, args);
    return cli.execute(args);
  }

  /** The whole command tree, with vfmigrate's error handling and exit codes. */
  static CommandLine commandLine(CliContext context) {
    return commandLine(context, new String[0]);
  }

  /**
   * The command tree that can run {@code args}: the root with every subcommand, or, when the first
   * argument names a command that runs on its own, the root with that one only. Building picocli's
   * model of all fifteen commands (reflection over every option, in a cold JVM) took about a tenth
   * of a second of every start. Help, completion and anything that is not exactly a command's name
   * (an option, a typo that picocli answers with suggestions) get the whole tree.
   */
  static CommandLine commandLine(CliContext context, String[] args) {
    CommandLine cli = new CommandLine(new VfmigrateCommand(context));
    Class<?> only = args.length == 0 ? null : standalone(args[0]);
    for (Class<?> command : VfmigrateCommand.SUBCOMMANDS) {
      if (only == null || only == command) {
        cli.addSubcommand(command);
      }
    }
    HelpExamples.apply(cli);
    cli.setOut(context.out());
    cli.setErr(context.err());
    ErrorReporter errors = new ErrorReporter(context);
    cli.setExecutionExceptionHandler(errors);
    cli.setParameterExceptionHandler(errors);
    return cli;
  }

  /** The subcommand named exactly {@code name}, unless it needs the others (help, completion). */
  private static Class<?> standalone(String name) {
    for (Class<?> command : VfmigrateCommand.SUBCOMMANDS) {
      CommandLine.Command annotation = command.getAnnotation(CommandLine.Command.class);
      if (annotation.name().equals(name)) {
        boolean needsTree =
            command == CommandLine.HelpCommand.class || command == CompletionCommand.class;
        return needsTree ? null : command;
      }
    }
    return null;
  }
}
