package io.vfmigrate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.vfmigrate.model.FindingStatus;
import io.vfmigrate.workflow.migrate.MigrationOutcome;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Colours by the bytes written: on a terminal (forced with VFMIGRATE_TERMINAL=1, as the tests'
 * stdout is no console) status words and outcomes are coloured; with NO_COLOR set, or on anything
 * but a terminal, not one escape sequence is written.
 */
class ColourTest {
  private static final String ESC = "\u001b[";
  private static final String GREEN = "\u001b[32m";
  private static final String YELLOW = "\u001b[33m";
  private static final String RED = "\u001b[31m";
  private static final String RESET = "\u001b[0m";

  @TempDir Path home;

  private CliRun run(Map<String, String> extra, String... args) {
    Map<String, String> env = new HashMap<>(extra);
    env.put("VFMIGRATE_HOME", home.toString());
    return CliRun.run(env, args);
  }

  @Test
  void aTerminalGetsColouredStatusWordsInAlignedColumns() {
    CliRun.run(home, "lab", "init");
    CliRun r = run(Map.of("VFMIGRATE_TERMINAL", "1"), "check", "--host", "src");

    // The lab's src passes all but the firmware check, which warns.
    assertThat(r.out).as(r.toString()).contains("  " + GREEN + "pass  " + RESET + " nic-model");
    assertThat(r.out).contains("  " + YELLOW + "warn  " + RESET + " firmware-version");
    assertThat(r.out).contains("0 failed: " + GREEN + "ready" + RESET + "\n");
    assertThat(r.err).doesNotContain(ESC);
  }

  @Test
  void failuresAndNotReadyAreRed() {
    Style style = new Style(true);
    assertThat(style.status(FindingStatus.FAIL, "fail  ")).isEqualTo(RED + "fail  " + RESET);
    assertThat(style.bad("not ready")).isEqualTo(RED + "not ready" + RESET);
    assertThat(style.outcome(MigrationOutcome.ROLLED_BACK, "rolled-back"))
        .isEqualTo(YELLOW + "rolled-back" + RESET);
    assertThat(style.outcome(MigrationOutcome.FAILED, "failed")).isEqualTo(RED + "failed" + RESET);
    assertThat(new Style(false).status(FindingStatus.FAIL, "fail")).isEqualTo("fail");
  }

  @Test
  void noColourWithNoColorSetOrWithoutATerminal() {
    CliRun.run(home, "lab", "init");
    CliRun plain = run(Map.of(), "check", "--host", "src");
    CliRun noColor =
        run(Map.of("VFMIGRATE_TERMINAL", "1", "NO_COLOR", "1"), "check", "--host", "src");

    assertThat(plain.out).as(plain.toString()).contains("pass   nic-model").doesNotContain(ESC);
    assertThat(noColor.out).isEqualTo(plain.out);
  }

  @Test
  void anEmptyNoColorDoesNotTurnColourOff() {
    // no-color.org: NO_COLOR counts when it is present and not an empty string.
    CliRun r = run(Map.of("VFMIGRATE_TERMINAL", "1", "NO_COLOR", ""), "check", "--host", "src");
    assertThat(r.out).contains(GREEN + "pass  " + RESET);
  }

  @Test
  void aMigrationOutcomeIsColouredOnATerminalOnly() {
    CliRun coloured = run(Map.of("VFMIGRATE_TERMINAL", "1"), "lab", "demo");
    assertThat(coloured.out).as(coloured.toString()).contains(": " + GREEN + "migrated" + RESET);
    CliRun verify = run(Map.of("VFMIGRATE_TERMINAL", "1"), "verify", "vm1");
    assertThat(verify.out).as(verify.toString()).contains(GREEN + "is up" + RESET);

    CliRun plain = run(Map.of("NO_COLOR", "1", "VFMIGRATE_TERMINAL", "1"), "lab", "demo");
    assertThat(plain.out).as(plain.toString()).contains(": migrated").doesNotContain(ESC);
  }
}
