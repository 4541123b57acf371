package io.vfmigrate.cli;

import io.vfmigrate.model.Names;
import io.vfmigrate.workflow.event.EventSink;
import io.vfmigrate.workflow.verify.VerifiedInterface;
import io.vfmigrate.workflow.verify.Verify;
import io.vfmigrate.workflow.verify.VerifyReport;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code vfmigrate verify}: the VF works inside the guest. */
@Command(
    name = "verify",
    mixinStandardHelpOptions = true,
    description =
        "Verify through the QEMU guest agent that the VM's VF interface is up with an IPv4"
            + " address and that ping through it answers with 0%% loss. Exit 0 or 3.")
final class VerifyCommand implements Callable<Integer> {
  private static final Pattern IPV4 =
      Pattern.compile("((25[0-5]|2[0-4]\\d|1?\\d?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1?\\d?\\d)");

  @ParentCommand VfmigrateCommand root;

  @Mixin HostOptions hostOptions;

  @Parameters(paramLabel = "VM", description = "The VM.")
  String vm;

  @Option(
      names = "--host",
      paramLabel = "NAME",
      description = "Host the VM runs on (default: found).")
  String host;

  @Option(
      names = "--target",
      paramLabel = "IP",
      description = "Address to ping on the VF network" + " (default: the host's ping_target).")
  String target;

  @Option(
      names = "--mac",
      paramLabel = "MAC",
      description =
          "Check the guest interface with this MAC (default: the VF's; without a VF the VM's"
              + " first NIC, as migrate checks it).")
  String mac;

  @Option(names = "--json", description = "Print the report as JSON.")
  boolean json;

  @Override
  public Integer call() {
    CliContext ctx = root.context();
    Names.vmName(vm);
    if (host != null) {
      Names.hostName(host);
    }
    if (target != null && !IPV4.matcher(target).matches()) {
      throw new io.vfmigrate.model.InvalidInputException(
          "Invalid ping target '" + Names.printable(target) + "'.",
          "give an IPv4 address, e.g. --target 192.168.3.1");
    }
    EventSink events = json ? EventSink.none() : new HumanRenderer(ctx.out(), hostOptions.verbose);
    VerifyReport report;
    try (Session session = Session.open(ctx, hostOptions.inventory(), events)) {
      report =
          new Verify(session.fleet(), events)
              .run(
                  vm,
                  Optional.ofNullable(host),
                  Optional.ofNullable(target),
                  Optional.ofNullable(mac).map(io.vfmigrate.model.MacAddress::parse));
    }
    if (json) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("vm", report.vm());
      m.put("host", report.host());
      m.put("ok", report.ok());
      m.put("mac", report.mac().orElse(null));
      m.put("interface", report.guestInterface().orElse(null));
      m.put("checked", report.checked().map(VerifiedInterface::word).orElse(null));
      m.put("ipv4", report.ipv4().orElse(null));
      m.put("target", report.target().orElse(null));
      m.put("packet_loss_percent", report.packetLoss().orElse(null));
      m.put("problems", report.problems());
      ctx.out().println(Json.write(m));
    } else if (report.ok()) {
      ctx.out()
          .println(
              report.vm()
                  + " on "
                  + report.host()
                  + ": "
                  + report.checked().get().description()
                  + " "
                  + report.guestInterface().get()
                  + " ("
                  + report.mac().get()
                  + ", "
                  + report.ipv4().get()
                  + ") "
                  + ctx.style().good("is up")
                  + "; ping to "
                  + report.target().get()
                  + " through it: 0% packet loss.");
    } else {
      ctx.out()
          .println(
              report.vm()
                  + " on "
                  + report.host()
                  + ": the "
                  + report.checked().map(VerifiedInterface::description).orElse("VF")
                  + " "
                  + ctx.style().bad("does not work")
                  + ":");
      report.problems().forEach(p -> ctx.out().println("  - " + p));
    }
    return report.ok() ? ExitCodes.OK : ExitCodes.NOT_READY;
  }
}
