package io.vfmigrate.cli;

import io.vfmigrate.model.FindingStatus;
import io.vfmigrate.workflow.migrate.MigrationOutcome;

/**
 * Colours for status words and outcomes (ANSI SGR): green for pass and success, yellow for warn and
 * rolled back, red for fail. Without colour every method returns its text unchanged.
 */
public record Style(boolean colour) {
  private static final String GREEN = "32";
  private static final String YELLOW = "33";
  private static final String RED = "31";

  /** {@code text} in the colour of a finding status. */
  String status(FindingStatus status, String text) {
    return switch (status) {
      case PASS -> paint(GREEN, text);
      case WARN -> paint(YELLOW, text);
      case FAIL -> paint(RED, text);
    };
  }

  /** {@code text} in the colour of a migration outcome. */
  String outcome(MigrationOutcome outcome, String text) {
    return switch (outcome) {
      case MIGRATED -> paint(GREEN, text);
      case PLANNED -> text;
      case ROLLED_BACK -> paint(YELLOW, text);
      case REFUSED, FAILED -> paint(RED, text);
    };
  }

  String good(String text) {
    return paint(GREEN, text);
  }

  String bad(String text) {
    return paint(RED, text);
  }

  String warning(String text) {
    return paint(YELLOW, text);
  }

  private String paint(String sgr, String text) {
    return colour ? "\u001b[" + sgr + "m" + text + "\u001b[0m" : text;
  }
}
