package io.vfmigrate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class CompletionTest {
  @TempDir Path home;

  private static void commandNames(CommandLine cli, String prefix, List<String> out) {
    cli.getSubcommands()
        .forEach(
            (name, sub) -> {
              out.add(prefix + name);
              commandNames(sub, prefix + name + "_", out);
            });
  }

  @Test
  void theScriptMentionsEveryCommandAndSubcommand() {
    CliRun bash = CliRun.run(home, "completion", "bash");
    assertThat(bash.exitCode).as(bash.toString()).isZero();
    List<String> names = new ArrayList<>();
    commandNames(
        Main.commandLine(
            new CliContext(
                new PrintWriter(new StringWriter()),
                new PrintWriter(new StringWriter()),
                Map.of())),
        "",
        names);
    assertThat(names).contains("check", "lab_bench", "completion", "history", "recover");
    for (String name : names) {
      // picocli names a function after each command's path: _picocli_vfmigrate_lab_bench.
      assertThat(bash.out).contains("_picocli_vfmigrate_" + name + "()");
    }
    assertThat(bash.out).contains("complete -F _complete_vfmigrate", "--dry-run", "--inventory");

    CliRun zsh = CliRun.run(home, "completion", "zsh");
    assertThat(zsh.exitCode).isZero();
    assertThat(zsh.out).isEqualTo(bash.out).contains("bashcompinit");
  }

  @Test
  void bashCompletesCommandsAndOptions() throws Exception {
    Path script =
        Files.writeString(
            home.resolve("vfmigrate.bash"), CliRun.run(home, "completion", "bash").out);
    assertThat(complete(script, "vfmigrate", "la")).isEqualTo("lab");
    assertThat(complete(script, "vfmigrate", "lab", "be")).isEqualTo("bench");
    assertThat(complete(script, "vfmigrate", "migrate", "--dr")).isEqualTo("--dry-run");
  }

  /** What bash offers for the last word after sourcing the script. */
  private static String complete(Path script, String... words) throws Exception {
    String shell =
        "source "
            + script
            // compopt works only while bash runs a completion it started itself.
            + "; compopt() { :; }; COMP_WORDS=("
            + String.join(" ", words)
            + "); COMP_CWORD="
            + (words.length - 1)
            + "; COMP_LINE=\"${COMP_WORDS[*]}\"; COMP_POINT=${#COMP_LINE}; _complete_vfmigrate;"
            + " echo \"${COMPREPLY[*]}\"";
    Process p = new ProcessBuilder("bash", "-c", shell).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    return out;
  }

  @Test
  void anotherShellIsAUsageError() {
    CliRun r = CliRun.run(home, "completion", "fish");
    assertThat(r.exitCode).isEqualTo(2);
    assertThat(r.err).contains("bash or zsh");
  }
}
