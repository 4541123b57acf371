package io.vfmigrate.cli;

import io.vfmigrate.journal.sqlite.SqliteJournal;
import io.vfmigrate.model.InvalidInputException;
import io.vfmigrate.model.Names;
import io.vfmigrate.workflow.journal.OperationRecord;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code vfmigrate history}: what vfmigrate did, from the journal alone. */
@Command(
    name = "history",
    mixinStandardHelpOptions = true,
    description =
        "List past operations from the journal, newest first, or show one operation with its"
            + " steps, claims and progress samples. Reads only the journal"
            + " ($VFMIGRATE_HOME/journal.db): no lab or inventory needed.")
final class HistoryCommand implements Callable<Integer> {
  static final int DEFAULT_LIMIT = 20;
  static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

  @ParentCommand VfmigrateCommand root;

  @Parameters(
      arity = "0..1",
      paramLabel = "ID",
      description = "Show this operation (an id from the list) with its steps.")
  String id;

  @Option(names = "--vm", paramLabel = "NAME", description = "Only operations on this VM.")
  String vm;

  @Option(
      names = "--host",
      paramLabel = "NAME",
      description = "Only operations that involved this host.")
  String host;

  @Option(
      names = "--limit",
      paramLabel = "N",
      description = "Show at most N operations (default: " + DEFAULT_LIMIT + ").")
  Integer limit;

  @Option(names = "--json", description = "Print as JSON.")
  boolean json;

  @Override
  public Integer call() {
    CliContext ctx = root.context();
    if (id != null) {
      checkId();
    } else {
      checkFilters();
    }
    HistoryView view = new HistoryView(ctx.out(), ZoneId.systemDefault());
    try (SqliteJournal journal = Journals.open(ctx)) {
      if (id != null) {
        OperationRecord operation =
            journal
                .operation(id)
                .orElseThrow(
                    () ->
                        new InvalidInputException(
                            "No operation " + id + " in the journal " + journal.file() + ".",
                            "run `vfmigrate history` to list the operation ids, newest first"
                                + " (--vm NAME or --host NAME to narrow it)."));
        if (json) {
          ctx.out()
              .println(
                  Json.write(
                      HistoryJson.Detail.of(
                          operation, journal.steps(id), journal.claims(id), journal.samples(id))));
        } else {
          view.show(operation, journal.steps(id), journal.claims(id), journal.samples(id));
        }
        return ExitCodes.OK;
      }
      int max = limit == null ? DEFAULT_LIMIT : limit;
      List<OperationRecord> operations =
          journal.operations(Optional.ofNullable(vm), Optional.ofNullable(host), max);
      if (json) {
        ctx.out().println(Json.write(HistoryJson.Operations.of(operations)));
      } else if (operations.isEmpty()) {
        ctx.out().println("No operations" + filters() + " in the journal " + journal.file() + ".");
      } else {
        view.list(operations);
        if (operations.size() == max) {
          ctx.out().println("The newest " + max + " shown; --limit N shows more.");
        }
      }
      return ExitCodes.OK;
    }
  }

  private void checkId() {
    if (vm != null || host != null || limit != null) {
      throw new InvalidInputException(
          "--vm, --host and --limit select operations for the list, not for one operation.",
          "run `vfmigrate history " + id + "` alone, or leave out the id to list operations.");
    }
    if (!ID.matcher(id).matches()) {
      throw new InvalidInputException(
          "Invalid operation id.",
          "give an id from the first column of `vfmigrate history`, such as"
              + " 20261203-074455-3f9a1c.");
    }
  }

  private void checkFilters() {
    if (vm != null) {
      Names.vmName(vm);
    }
    if (host != null) {
      Names.hostName(host);
    }
    if (limit != null && limit < 1) {
      throw new InvalidInputException(
          "--limit must be a positive number, not " + limit + ".",
          "give --limit 1 or more (default " + DEFAULT_LIMIT + ").");
    }
  }

  private String filters() {
    return (vm == null ? "" : " of VM " + vm) + (host == null ? "" : " on host " + host);
  }
}
