package io.vfmigrate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * --inventory FILE, else VFMIGRATE_INVENTORY, else $VFMIGRATE_HOME/inventory.yaml, else the lab.
 */
class InventoryDefaultTest {
  @TempDir Path home;
  @TempDir Path elsewhere;

  /** An inventory of one local host, alpha (no command runs before the host name is checked). */
  private Path inventory(Path file, String host) throws Exception {
    return Files.writeString(
        file,
        String.join(
            "\n",
            "hosts:",
            "  " + host + ":",
            "    ssh: local",
            "    address: 127.0.0.1",
            "    pf: 0000:e1:00.0",
            ""));
  }

  private static CliContext context(Map<String, String> env) {
    return new CliContext(
        new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()), env);
  }

  @Test
  void theOrderOfPrecedence() throws Exception {
    Path given = elsewhere.resolve("given.yaml");
    Path named = elsewhere.resolve("named.yaml");
    Map<String, String> homeOnly = Map.of("VFMIGRATE_HOME", home.toString());
    Map<String, String> withVariable =
        Map.of("VFMIGRATE_HOME", home.toString(), "VFMIGRATE_INVENTORY", named.toString());

    assertThat(HostOptions.inventory(null, context(homeOnly))).as("the lab").isEmpty();
    assertThat(HostOptions.inventory(null, context(withVariable))).contains(named);
    assertThat(HostOptions.inventory(given, context(withVariable))).contains(given);

    Path atHome = inventory(home.resolve("inventory.yaml"), "alpha");
    assertThat(HostOptions.inventory(null, context(homeOnly))).contains(atHome);
    assertThat(HostOptions.inventory(null, context(withVariable))).contains(named);
    assertThat(
            HostOptions.inventory(
                null,
                context(Map.of("VFMIGRATE_HOME", home.toString(), "VFMIGRATE_INVENTORY", ""))))
        .as("an empty variable counts as unset")
        .isEqualTo(Optional.of(atHome));
  }

  @Test
  void commandsUseTheDefaultInventory() throws Exception {
    Map<String, String> homeOnly = Map.of("VFMIGRATE_HOME", home.toString());
    CliRun lab = CliRun.run(homeOnly, "attach", "vm1", "--host", "nosuch");
    assertThat(lab.err).as("the lab by default").contains("use one of: src, dst.");

    inventory(home.resolve("inventory.yaml"), "alpha");
    CliRun atHome = CliRun.run(homeOnly, "attach", "vm1", "--host", "nosuch");
    assertThat(atHome.exitCode).isEqualTo(2);
    assertThat(atHome.err).contains("use one of: alpha.");

    Path named = inventory(elsewhere.resolve("named.yaml"), "beta");
    Map<String, String> withVariable =
        Map.of("VFMIGRATE_HOME", home.toString(), "VFMIGRATE_INVENTORY", named.toString());
    for (String[] args :
        new String[][] {
          {"attach", "vm1", "--host", "nosuch"},
          {"migrate", "vm1", "--from", "nosuch", "--to", "beta"},
          {"prepare", "--host", "nosuch", "--dry-run"},
          {"teardown", "--host", "nosuch", "--dry-run"},
          {"verify", "vm1", "--host", "nosuch"},
          {"check", "--host", "nosuch"}
        }) {
      CliRun r = CliRun.run(withVariable, args);
      assertThat(r.exitCode).as(String.join(" ", args) + ": " + r).isEqualTo(2);
      assertThat(r.err).as(String.join(" ", args)).contains("use one of: beta.");
    }

    Path given = inventory(elsewhere.resolve("given.yaml"), "gamma");
    CliRun explicit =
        CliRun.run(
            withVariable, "attach", "vm1", "--host", "nosuch", "--inventory", given.toString());
    assertThat(explicit.err).contains("use one of: gamma.");
  }

  @Test
  void aVariableNamingAMissingFileIsAnError() {
    Path missing = elsewhere.resolve("missing.yaml");
    CliRun r =
        CliRun.run(
            Map.of("VFMIGRATE_HOME", home.toString(), "VFMIGRATE_INVENTORY", missing.toString()),
            "check");
    assertThat(r.exitCode).isEqualTo(2);
    assertThat(r.err).contains(missing.toString());
  }
}
