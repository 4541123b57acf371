package io.vfmigrate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/** vfmigrate(1): built by Maven, current, and listing every command with its options. */
class ManPageTest {
  private static final Path BUILT = Path.of("target", "man", "vfmigrate.1");

  @Test
  void theBuildWritesTheCurrentManPage() throws Exception {
    assertThat(BUILT).as("written by the build (exec-maven-plugin, process-classes)").exists();
    assertThat(Files.readString(BUILT)).isEqualTo(ManPage.render());
  }

  @Test
  void itListsEveryCommandWithItsOptionsAndExamples() {
    String man = ManPage.render();
    PrintWriter quiet = new PrintWriter(new StringWriter());
    CommandLine root = Main.commandLine(new CliContext(quiet, quiet, Map.of()));

    assertThat(ManPage.commands(root)).hasSizeGreaterThan(15);
    for (CommandLine cli : ManPage.commands(root)) {
      String name = cli.getCommandSpec().qualifiedName();
      int at = man.indexOf(".SS \"" + ManPage.escape(name) + "\"\n");
      assertThat(at).as(name).isNotNegative();
      String rest = man.substring(at + 1);
      String section = rest.split("\n\\.S[SH] ", 2)[0];
      for (OptionSpec o : cli.getCommandSpec().options()) {
        assertThat(section).as(name).contains("\\fB" + ManPage.escape(o.longestName()) + "\\fR");
      }
      for (String example : HelpExamples.of(name)) {
        assertThat(section).as(name).contains(ManPage.escape(example));
      }
    }
    assertThat(man)
        .contains(".SS \"vfmigrate lab bench\"", ".SS \"vfmigrate completion\"")
        .contains(".SH NAME", ".SH SYNOPSIS", ".SH EXIT STATUS", ".SH ENVIRONMENT")
        .contains("VFMIGRATE_INVENTORY", "NO_COLOR");
  }

  @Test
  void textCannotBecomeARoffRequest() {
    assertThat(ManPage.escape(".hidden\n'quote\nback\\slash --json"))
        .isEqualTo("\\&.hidden\n\\&'quote\nback\\eslash \\-\\-json");
  }
}
