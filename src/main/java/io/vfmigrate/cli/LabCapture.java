package io.vfmigrate.cli;

import io.vfmigrate.host.ManagedHost;
import io.vfmigrate.model.InvalidInputException;
import io.vfmigrate.model.Names;
import io.vfmigrate.workflow.capture.CapturedHost;
import io.vfmigrate.workflow.capture.HostCapture;
import io.vfmigrate.workflow.capture.LabDescriptionWriter;
import io.vfmigrate.workflow.event.EventSink;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code lab capture --inventory FILE [--host NAME]... --to FILE [--dirty-rate]}: reads real hosts
 * through the tool adapters and writes a lab description (docs/lab-schema.md) that reproduces them,
 * for {@code lab init --from}.
 */
@Command(
    name = "capture",
    mixinStandardHelpOptions = true,
    description =
        "Read real hosts (OS, kernel, packages, services, the PF and its VFs, Open vSwitch, VMs)"
            + " and write a lab description that reproduces them (vfmigrate lab init --from FILE).")
final class LabCapture implements Callable<Integer> {
  @ParentCommand LabCommand lab;

  @Option(
      names = "--inventory",
      required = true,
      paramLabel = "FILE",
      description = "YAML inventory of the hosts to read (docs/inventory.md).")
  Path inventory;

  @Option(
      names = "--host",
      paramLabel = "NAME",
      description = "A host to read (repeatable). Default: every host of the inventory.")
  List<String> hosts = new ArrayList<>();

  @Option(
      names = "--to",
      required = true,
      paramLabel = "FILE",
      description = "The lab description to write; must not exist yet.")
  Path to;

  @Option(
      names = "--dirty-rate",
      description =
          "Measure each running VM's dirty rate (virsh domdirtyrate-calc, "
              + HostCapture.DIRTY_RATE_SECONDS
              + " s each).")
  boolean dirtyRate;

  @Override
  public Integer call() {
    CliContext ctx = lab.context();
    Names.path(inventory.toString());
    Names.path(to.toString());
    hosts.forEach(Names::hostName);
    if (Files.exists(to)) {
      throw new InvalidInputException(
          to + " exists already; lab capture does not overwrite a file.",
          "choose another --to FILE, or remove " + to + " first.");
    }
    List<CapturedHost> captured = new ArrayList<>();
    Optional<String> vfPeer = Optional.empty();
    try (Session session = Session.open(ctx, Optional.of(inventory), EventSink.none())) {
      List<ManagedHost> selected =
          hosts.isEmpty() ? session.fleet().all() : session.fleet().select(hosts);
      for (ManagedHost m : selected) {
        captured.add(HostCapture.read(m, dirtyRate));
        if (vfPeer.isEmpty()) {
          vfPeer = m.entry().pingTarget();
        }
      }
    }
    write(LabDescriptionWriter.write(captured, vfPeer, inventory.toString()));
    for (CapturedHost h : captured) {
      ctx.out()
          .println(
              h.name()
                  + ": "
                  + h.nics().size()
                  + " NIC, "
                  + h.vms().size()
                  + (h.vms().size() == 1 ? " VM" : " VMs")
                  + (h.unread().isEmpty() ? "" : "; not read:"));
      for (String u : h.unread()) {
        ctx.out().println("  " + u);
      }
    }
    ctx.out().println("Wrote " + to + " (vfmigrate lab init --from " + to + ").");
    return ExitCodes.OK;
  }

  private void write(String yaml) {
    try {
      Path parent = to.toAbsolutePath().getParent();
      Path tmp = Files.createTempFile(parent, ".capture-", ".yaml");
      Files.writeString(tmp, yaml, StandardCharsets.UTF_8);
      Files.move(tmp, to, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new InvalidInputException(
          "Cannot write " + to + ": " + e.getMessage(),
          "check that its directory exists and is" + " writable.");
    }
  }
}
