package io.vfmigrate.cli;

import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;

/** Options shared by every command that works on hosts. */
final class HostOptions {
  @Option(
      names = "--inventory",
      paramLabel = "FILE",
      description = "YAML inventory of real hosts (docs/inventory.md). Default: the built-in lab.")
  Path inventory;

  @Option(
      names = {"-v", "--verbose"},
      description = "Show every command run on a host.")
  boolean verbose;

  Optional<Path> inventory() {
    return Optional.ofNullable(inventory);
  }
}
