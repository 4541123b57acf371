package io.vfmigrate.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

/**
 * Runs the CLI in-process against a private VFMIGRATE_HOME and keeps what it printed (the same
 * {@link Main#run} entry as {@code bin/vfmigrate}, without a JVM start per command).
 */
public final class CliRun {
  public final int exitCode;
  public final String out;
  public final String err;

  private CliRun(int exitCode, String out, String err) {
    this.exitCode = exitCode;
    this.out = out;
    this.err = err;
  }

  public static CliRun run(Path home, String... args) {
    return run(Map.of("VFMIGRATE_HOME", home.toString()), args);
  }

  /** With this environment (VFMIGRATE_HOME among it). */
  public static CliRun run(Map<String, String> env, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code =
        Main.run(
            args,
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8),
            env);
    return new CliRun(
        code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  /** What it printed on stdout, then stderr. */
  public String both() {
    return out + err;
  }

  @Override
  public String toString() {
    return "exit " + exitCode + "\n--- out\n" + out + "\n--- err\n" + err;
  }
}
