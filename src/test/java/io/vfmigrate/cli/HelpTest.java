package io.vfmigrate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The help of every command: no picocli warning, examples, and nothing cut mid-sentence. */
class HelpTest {
  @TempDir Path home;

  /**
   * picocli prints its warnings through its tracer, to the System.err of the moment the class was
   * loaded, not to the streams of the command line: the tracer's stream is swapped for the test.
   */
  private final ByteArrayOutputStream traced = new ByteArrayOutputStream();

  private PrintStream tracerStream;

  @BeforeEach
  void captureTracer() throws ReflectiveOperationException {
    Field stream = CommandLine.Tracer.class.getDeclaredField("stream");
    stream.setAccessible(true);
    tracerStream = (PrintStream) stream.get(CommandLine.tracer());
    stream.set(CommandLine.tracer(), new PrintStream(traced, true, StandardCharsets.UTF_8));
  }

  @AfterEach
  void restoreTracer() throws ReflectiveOperationException {
    Field stream = CommandLine.Tracer.class.getDeclaredField("stream");
    stream.setAccessible(true);
    stream.set(CommandLine.tracer(), tracerStream);
  }

  /** Every command and subcommand, as the words that name it ({@code lab bench}). */
  private static List<List<String>> commands() {
    CliContext context =
        new CliContext(
            new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()), Map.of());
    List<List<String>> out = new ArrayList<>();
    collect(Main.commandLine(context), List.of(), out);
    return out;
  }

  private static void collect(CommandLine cli, List<String> path, List<List<String>> out) {
    out.add(path);
    cli.getSubcommands()
        .forEach(
            (name, sub) -> {
              List<String> next = new ArrayList<>(path);
              next.add(name);
              collect(sub, next, out);
            });
  }

  private CliRun run(List<String> words, String... more) {
    List<String> args = new ArrayList<>(words);
    args.addAll(Arrays.asList(more));
    CliRun r = CliRun.run(home, args.toArray(String[]::new));
    String all = r.out + r.err + traced.toString(StandardCharsets.UTF_8);
    assertThat(all).as(String.join(" ", args)).doesNotContain("[picocli WARN]");
    return r;
  }

  @Test
  void everyHelpHasExamplesAndNoPicocliWarning() {
    List<List<String>> commands = commands();
    assertThat(commands)
        .contains(List.of("help"), List.of("version"), List.of("lab", "bench"), List.of("history"));
    for (List<String> command : commands) {
      CliRun r = run(command, "--help");
      assertThat(r.exitCode).as(command + ": " + r).isZero();
      assertThat(r.out)
          .as(String.join(" ", command))
          .contains("Usage: vfmigrate")
          .contains("\nExamples:\n")
          .containsPattern("\n    \\S.*\n\\z");
      for (String line : r.out.split("\n", -1)) {
        assertThat(line.length()).as(command + " help line: " + line).isLessThanOrEqualTo(80);
      }
    }
  }

  @Test
  void exitCodesAreListedOneOnALine() {
    CliRun r = run(List.of(), "--help");
    assertThat(r.out)
        .contains(
            "Exit codes:\n",
            "  0   success\n",
            "  2   usage error or invalid input (nothing was run)\n",
            "  3   not ready: checks or guards failed, nothing was changed\n",
            "  4   the operation failed and was rolled back\n",
            "  5   the operation failed and needs attention\n");
  }

  @Test
  void helpAndVersionAreCommands() {
    CliRun help = run(List.of("help", "migrate"));
    assertThat(help.exitCode).as(help.toString()).isZero();
    assertThat(help.out).startsWith("Usage: vfmigrate migrate");

    CliRun version = run(List.of("version"));
    assertThat(version.exitCode).isZero();
    assertThat(version.out).isEqualTo(VfmigrateCommand.VERSION + "\n");
    assertThat(run(List.of("--version")).out).isEqualTo(version.out);
  }

  @Test
  void theLabListsEveryOneOfItsCommands() {
    CliRun r = run(List.of("lab"));
    assertThat(r.exitCode).isZero();
    for (String sub : List.of("init", "show", "reset", "reboot", "demo", "bench")) {
      assertThat(r.out).containsPattern("(?m)^  " + sub + " ");
    }
  }
}
