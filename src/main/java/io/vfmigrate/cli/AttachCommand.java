package io.vfmigrate.cli;

import io.vfmigrate.model.MacAddress;
import io.vfmigrate.model.Names;
import io.vfmigrate.model.PciAddress;
import io.vfmigrate.workflow.VmWhereabouts;
import io.vfmigrate.workflow.attach.Attach;
import io.vfmigrate.workflow.attach.AttachResult;
import io.vfmigrate.workflow.event.Event;
import io.vfmigrate.workflow.event.EventSink;
import io.vfmigrate.workflow.event.RecordingEventSink;
import io.vfmigrate.workflow.journal.OperationKind;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code vfmigrate attach}: gives a running VM a prepared VF. */
@Command(
    name = "attach",
    mixinStandardHelpOptions = true,
    description =
        "Attach a prepared VF to a running VM as <interface type='hostdev' managed='yes'> with a"
            + " MAC unique across every domain of every host (virsh attach-device --live"
            + " --config).")
final class AttachCommand implements Callable<Integer> {
  @ParentCommand VfmigrateCommand root;

  @Spec CommandSpec spec;

  @Mixin HostOptions hostOptions;

  @Parameters(paramLabel = "VM", description = "The VM (libvirt domain name).")
  String vm;

  @Option(names = "--host", required = true, paramLabel = "NAME", description = "Host of the VM.")
  String host;

  @Option(
      names = "--vf",
      paramLabel = "PCI|auto",
      defaultValue = "auto",
      description = "VF PCI address, or auto for the first free prepared VF (default).")
  String vf;

  @Option(
      names = "--mac",
      paramLabel = "MAC|auto",
      defaultValue = "auto",
      description = "MAC address, or auto for a unique one in 52:54:00:xx:xx:xx (default).")
  String mac;

  @Option(names = "--dry-run", description = "Print the interface XML and the command.")
  boolean dryRun;

  @Option(names = "--json", description = "Print the result as JSON.")
  boolean json;

  @Override
  public Integer call() {
    CliContext ctx = root.context();
    Names.vmName(vm);
    Names.hostName(host);
    Optional<PciAddress> vfAddress =
        "auto".equals(vf) ? Optional.empty() : Optional.of(PciAddress.parse(vf));
    Optional<MacAddress> macAddress =
        "auto".equals(mac) ? Optional.empty() : Optional.of(MacAddress.parse(mac));
    // --json and --dry-run print no progress; their warnings go with the result instead.
    RecordingEventSink quiet = new RecordingEventSink();
    EventSink events = json || dryRun ? quiet : new HumanRenderer(ctx.out(), hostOptions.verbose);
    AttachResult r;
    try (Session session = Session.open(ctx, hostOptions.inventory(), events)) {
      // A wrong host or a name no host defines is invalid input (exit 2), told before an
      // operation is journaled.
      session.fleet().get(host);
      VmWhereabouts.requireKnown(session.fleet(), vm);
      r =
          Journaled.run(
              ctx,
              spec,
              dryRun,
              OperationKind.ATTACH,
              Optional.of(vm),
              List.of(host),
              events,
              run ->
                  new Attach(session.fleet(), run.runner(), run.claimant())
                      .run(vm, host, vfAddress, macAddress, dryRun),
              done -> Journaled.outcome("attached"));
    }
    if (json) {
      Map<String, Object> doc = new LinkedHashMap<>();
      doc.put("vm", r.vm());
      doc.put("host", r.host());
      doc.put("vf", r.vf().toString());
      doc.put("mac", r.mac().toString());
      doc.put("interface_xml", r.interfaceXml());
      doc.put("command", r.command());
      doc.put("applied", r.applied());
      doc.put(
          "warnings",
          quiet.eventsOf(Event.Warning.class).stream()
              .map(w -> Map.of("host", w.host(), "message", w.message()))
              .toList());
      ctx.out().println(Json.write(doc));
    } else if (dryRun) {
      for (Event.Warning w : quiet.eventsOf(Event.Warning.class)) {
        ctx.out().println("# warning (" + w.host() + "): " + w.message());
      }
      ctx.out().println("# write this to mlx_vf.xml on " + r.host() + ":");
      ctx.out().println(r.interfaceXml());
      ctx.out().println(r.command());
    } else {
      ctx.out()
          .println(
              r.vm() + " on " + r.host() + " now has VF " + r.vf() + " with MAC " + r.mac() + ".");
    }
    return ExitCodes.OK;
  }
}
