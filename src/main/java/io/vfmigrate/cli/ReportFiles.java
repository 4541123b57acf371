package io.vfmigrate.cli;

import io.vfmigrate.cli.report.HtmlPage;
import io.vfmigrate.model.InvalidInputException;
import io.vfmigrate.workflow.journal.Journal;
import io.vfmigrate.workflow.report.OperationReport;
import io.vfmigrate.workflow.report.Reports;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Finds a report in the journal and writes its HTML page: to the file given, or by default to
 * {@code $VFMIGRATE_HOME/reports/ID.html}.
 */
final class ReportFiles {
  static final String DIRECTORY = "reports";

  private ReportFiles() {}

  /** The report of {@code id}; an id the journal does not have is invalid input (exit 2). */
  static OperationReport find(Journal journal, Path journalFile, String id) {
    return Reports.of(journal, id)
        .orElseThrow(
            () ->
                new InvalidInputException(
                    "No operation " + id + " in the journal " + journalFile + ".",
                    "run `vfmigrate history` to list the operation ids, newest first"
                        + " (--vm NAME or --host NAME to narrow it)."));
  }

  static Path defaultFile(CliContext ctx, String id) {
    return ctx.home().resolve(DIRECTORY).resolve(id + ".html");
  }

  /** Writes the page to {@code file} (its directory created when it is the default one). */
  static void write(OperationReport report, Path file, boolean createDirectory) {
    try {
      if (createDirectory && file.getParent() != null) {
        Files.createDirectories(file.getParent());
      }
      Files.writeString(file, HtmlPage.render(report), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new InvalidInputException(
          "Cannot write the report to " + file + ": " + e.getMessage() + ".",
          "give --html a file in a directory this user can write, or --html - for stdout.");
    }
  }
}
