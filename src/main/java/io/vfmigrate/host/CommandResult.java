package io.vfmigrate.host;

import java.time.Duration;
import java.util.Objects;

/** What a finished command returned. A non-zero exit code is a result, not an exception. */
public record CommandResult(
    Command command, int exitCode, String stdout, String stderr, Duration duration) {
  /** The exit code a shell gives for a program that does not exist. */
  public static final int NOT_FOUND = 127;

  public CommandResult {
    Objects.requireNonNull(command, "command");
    stdout = stdout == null ? "" : stdout;
    stderr = stderr == null ? "" : stderr;
    duration = duration == null ? Duration.ZERO : duration;
  }

  public boolean succeeded() {
    return exitCode == 0;
  }

  public boolean programMissing() {
    return exitCode == NOT_FOUND;
  }

  /** The tool's own words about a failure: stderr, else stdout (mstconfig writes errors there). */
  public String errorText() {
    String text = stderr.isBlank() ? stdout : stderr;
    return text.strip();
  }
}
