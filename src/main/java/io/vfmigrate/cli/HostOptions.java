package io.vfmigrate.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Options shared by every command that works on hosts. */
final class HostOptions {
  /** The environment variable that names the inventory when --inventory is not given. */
  static final String INVENTORY_VARIABLE = "VFMIGRATE_INVENTORY";

  /** The inventory under {@code $VFMIGRATE_HOME} used when neither is given. */
  static final String HOME_INVENTORY = "inventory.yaml";

  @Spec(Spec.Target.MIXEE)
  CommandSpec command;

  @Option(
      names = "--inventory",
      paramLabel = "FILE",
      description =
          "YAML inventory of real hosts (docs/inventory.md). Default: the file named by"
              + " VFMIGRATE_INVENTORY, else $VFMIGRATE_HOME/inventory.yaml when it exists, else"
              + " the built-in lab.")
  Path inventory;

  @Option(
      names = {"-v", "--verbose"},
      description = "Show every command run on a host.")
  boolean verbose;

  /** The inventory to use; empty for the built-in lab. */
  Optional<Path> inventory() {
    return inventory(inventory, ((VfmigrateCommand) command.root().userObject()).context());
  }

  /**
   * {@code --inventory FILE}, else {@code $VFMIGRATE_INVENTORY}, else {@code
   * $VFMIGRATE_HOME/inventory.yaml} if it exists, else none (the lab).
   */
  static Optional<Path> inventory(Path given, CliContext context) {
    if (given != null) {
      return Optional.of(given);
    }
    String named = context.env().get(INVENTORY_VARIABLE);
    if (named != null && !named.isBlank()) {
      return Optional.of(Path.of(named));
    }
    Path home = context.home().resolve(HOME_INVENTORY);
    return Files.isRegularFile(home) ? Optional.of(home) : Optional.empty();
  }
}
