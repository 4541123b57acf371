package io.vfmigrate.workflow.migrate;

import io.vfmigrate.host.Fleet;
import io.vfmigrate.host.ManagedHost;
import io.vfmigrate.host.RunningCommand;
import io.vfmigrate.model.PciAddress;
import io.vfmigrate.tools.virsh.MigrateOptions;
import io.vfmigrate.tools.virsh.Virsh;
import io.vfmigrate.workflow.claims.Acquisition;
import io.vfmigrate.workflow.claims.Claimant;
import io.vfmigrate.workflow.event.EventSink;
import io.vfmigrate.workflow.steps.StepRunner;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What the steps of one migration share: the request, the two hosts, the VF mapping the guards
 * chose, and what each step leaves for the next (the claims, the rewritten XML on the source, the
 * running job and how it ended).
 */
final class MigrationContext {
  final MigrateRequest request;
  final Fleet fleet;
  final ManagedHost source;
  final ManagedHost destination;
  final Virsh sourceVirsh;
  final Virsh destinationVirsh;
  final EventSink events;
  final Cancellation cancellation;
  final StepRunner runner;
  final MigrationGuards.Verdict verdict;
  final Claimant claimant;

  /** The claims this run holds (destination VFs and PF slots) until it lets them go. */
  Optional<Acquisition.Acquired> held = Optional.empty();

  /** Source VF to the destination VF it moves to, in the domain's order. */
  final Map<PciAddress, PciAddress> mapping = new LinkedHashMap<>();

  final Duration timeout;

  /** The rewritten domain XML the migration carries (--xml, --persistent-xml). */
  String rewrittenXml = "";

  /** Where the rewritten XML lies on the source while virsh migrate runs. */
  Optional<String> xmlFile = Optional.empty();

  Optional<RunningCommand> migration = Optional.empty();
  Optional<MigrationMonitor.Watch> watch = Optional.empty();

  /** Multifd or not, and with how many channels (decided after the guards). */
  Multifd.Choice parallel = Multifd.Choice.none("not decided");

  /** The prediction made before the transfer (total time and downtime with a range). */
  Optional<PredictedTimes> prediction = Optional.empty();

  /** Why the transfer failed, in the operator's words. */
  Optional<String> failure = Optional.empty();

  MigrationContext(
      MigrateRequest request,
      Fleet fleet,
      EventSink events,
      Cancellation cancellation,
      StepRunner runner,
      MigrationGuards.Verdict verdict,
      Claimant claimant,
      Duration timeout) {
    this.claimant = claimant;
    this.request = request;
    this.fleet = fleet;
    this.source = fleet.get(request.source());
    this.destination = fleet.get(request.destination());
    this.sourceVirsh = new Virsh(source.host());
    this.destinationVirsh = new Virsh(destination.host());
    this.events = events;
    this.cancellation = cancellation;
    this.runner = runner;
    this.verdict = verdict;
    this.timeout = timeout;
    for (int i = 0; i < verdict.sourceVfs().size(); i++) {
      mapping.put(verdict.sourceVfs().get(i), verdict.destinationVfs().get(i));
    }
  }

  String vm() {
    return request.vm();
  }

  /** The virsh migrate options with the XML in {@code file}; the same argv for show and run. */
  MigrateOptions options(String file) {
    MigrateOptions o = MigrateOptions.of(request.vm(), destination.entry().libvirtUri());
    if (destination.entry().migrateUri().isPresent()) {
      o = o.withMigrateUri(destination.entry().migrateUri().get());
    }
    if (request.copyStorageAll()) {
      o = o.withCopyStorageAll();
    }
    o = o.withParallel(parallel.channels());
    return mapping.isEmpty() ? o : o.withXml(file).withPersistentXml(file);
  }

  /** What the dry run and the journal show before the XML file exists. */
  String placeholderFile() {
    return "/tmp/vfmigrate-" + request.vm() + ".xml";
  }
}
