package io.vfmigrate.cli;

import io.vfmigrate.model.Names;
import io.vfmigrate.workflow.event.EventSink;
import io.vfmigrate.workflow.preflight.Preflight;
import io.vfmigrate.workflow.preflight.PreflightReport;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code vfmigrate check}: every prerequisite of the procedure, on every named host. */
@Command(
    name = "check",
    mixinStandardHelpOptions = true,
    description =
        "Check hosts (and a VM) against every prerequisite of VF live migration; report all"
            + " findings, each failure with its fix. Exit 0 when nothing fails, 3 otherwise.")
final class CheckCommand implements Callable<Integer> {
  @ParentCommand VfmigrateCommand root;

  @Mixin HostOptions hostOptions;

  @Option(
      names = "--host",
      paramLabel = "NAME",
      description = "Host to check (repeatable). Default: all hosts.")
  List<String> hosts = new ArrayList<>();

  @Option(names = "--vm", paramLabel = "NAME", description = "Also run the checks of this VM.")
  String vm;

  @Option(names = "--json", description = "Print the findings as JSON.")
  boolean json;

  @Override
  public Integer call() {
    CliContext ctx = root.context();
    hosts.forEach(Names::hostName);
    if (vm != null) {
      Names.vmName(vm);
    }
    EventSink events = json ? EventSink.none() : new HumanRenderer(ctx.out(), hostOptions.verbose);
    PreflightReport report;
    try (Session session = Session.open(ctx, hostOptions.inventory(), events)) {
      report = new Preflight(session.fleet(), EventSink.none()).run(hosts, Optional.ofNullable(vm));
    }
    if (json) {
      Map<String, Object> doc = new LinkedHashMap<>();
      doc.put("ok", report.ok());
      doc.put("findings", FindingsTable.asJson(report.findings()));
      ctx.out().println(Json.write(doc));
    } else {
      new FindingsTable(ctx.out(), ctx.style()).print(report);
    }
    return report.ok() ? ExitCodes.OK : ExitCodes.NOT_READY;
  }
}
