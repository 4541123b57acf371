package io.vfmigrate.cli;

import io.vfmigrate.cli.report.HtmlPage;
import io.vfmigrate.cli.report.ReportJson;
import io.vfmigrate.journal.sqlite.SqliteJournal;
import io.vfmigrate.model.InvalidInputException;
import io.vfmigrate.workflow.report.OperationReport;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code vfmigrate report}: one migration or evacuation as an HTML page, from the journal. */
@Command(
    name = "report",
    mixinStandardHelpOptions = true,
    description =
        "Make a self-contained HTML page (inline SVG charts, no script, no network) of one"
            + " migration or evacuation from the journal: RAM and VF device-state bytes over time"
            + " with the pre-copy passes, the downtime-limit steps, switchover and downtime,"
            + " verify, prediction against actual, and for an evacuation its migrations on a time"
            + " line against the 4-per-PF cap. Without --html it writes"
            + " $VFMIGRATE_HOME/reports/ID.html and prints that path. Reads only the journal.")
final class ReportCommand implements Callable<Integer> {
  @ParentCommand VfmigrateCommand root;

  @Parameters(
      paramLabel = "ID",
      description = "The operation (a migrate or evacuate id from vfmigrate history).")
  String id;

  @Option(
      names = "--html",
      paramLabel = "FILE",
      description = "Write the page to FILE (- for stdout) instead of the default file.")
  String html;

  @Option(
      names = "--json",
      description =
          "Print the report's data as JSON instead (with --html, the page is written too).")
  boolean json;

  @Override
  public Integer call() {
    CliContext ctx = root.context();
    if (!HistoryCommand.ID.matcher(id).matches()) {
      throw new InvalidInputException(
          "Invalid operation id.",
          "give an id from the first column of `vfmigrate history`, such as"
              + " 20261203-074455-3f9a1c.");
    }
    if (json && "-".equals(html)) {
      throw new InvalidInputException(
          "--json and --html - would both print to stdout.",
          "give --html a file, or leave out one of them.");
    }
    OperationReport report;
    try (SqliteJournal journal = Journals.open(ctx)) {
      report = ReportFiles.find(journal, journal.file(), id);
    }
    if ("-".equals(html)) {
      ctx.out().print(HtmlPage.render(report));
      ctx.out().flush();
      return ExitCodes.OK;
    }
    if (html != null) {
      ReportFiles.write(report, Path.of(html), false);
    }
    if (json) {
      ctx.out().println(Json.write(ReportJson.of(report)));
      return ExitCodes.OK;
    }
    Path file = html != null ? Path.of(html) : ReportFiles.defaultFile(ctx, id);
    if (html == null) {
      ReportFiles.write(report, file, true);
    }
    ctx.out().println(file.toAbsolutePath());
    return ExitCodes.OK;
  }
}
