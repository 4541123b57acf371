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
}
