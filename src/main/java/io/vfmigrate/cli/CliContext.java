package io.vfmigrate.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;

/** What a command needs from its surroundings: where to print, and the environment. */
public record CliContext(PrintWriter out, PrintWriter err, Map<String, String> env) {
  /** {@code $VFMIGRATE_HOME}, else {@code ~/.vfmigrate}. */
  public Path home() {
    String home = env.get("VFMIGRATE_HOME");
    if (home != null && !home.isBlank()) {
      return Path.of(home);
    }
    return Path.of(System.getProperty("user.home"), ".vfmigrate");
  }

  /**
   * Whether stdout is a terminal (a console), or {@code VFMIGRATE_TERMINAL=1} says to treat it as
   * one: the progress bar is redrawn in place and status words are coloured.
   */
  public boolean terminal() {
    return "1".equals(env.get("VFMIGRATE_TERMINAL")) || System.console() != null;
  }

  /** How status words look: coloured on a terminal, unless NO_COLOR is set (no-color.org). */
  public Style style() {
    String noColor = env.get("NO_COLOR");
    return new Style(terminal() && (noColor == null || noColor.isEmpty()));
  }
}
