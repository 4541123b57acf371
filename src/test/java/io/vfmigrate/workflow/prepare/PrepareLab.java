package io.vfmigrate.workflow.prepare;

import io.vfmigrate.host.Fleet;
import io.vfmigrate.host.ManagedHost;
import io.vfmigrate.lab.Lab;
import io.vfmigrate.lab.LabInventory;
import io.vfmigrate.lab.LabYaml;
import io.vfmigrate.lab.state.FaultSpec;
import io.vfmigrate.lab.state.HostSpec;
import io.vfmigrate.lab.state.LabSpec;
import io.vfmigrate.model.RolledBackException;
import io.vfmigrate.testing.CountingHost;
import io.vfmigrate.testing.TestLab;
import io.vfmigrate.workflow.ObservedHost;
import io.vfmigrate.workflow.claims.ClaimLiveness;
import io.vfmigrate.workflow.event.RecordingEventSink;
import java.util.List;
import java.util.OptionalInt;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.assertj.core.api.Assertions;

/**
 * The setup the preparation tests share: a lab, the events of its runs, every exec its hosts ran
 * (as over SSH), and prepare and teardown run on one of its hosts.
 */
final class PrepareLab {
  static final PrepareOptions DEFAULTS = new PrepareOptions("br-vf", OptionalInt.empty());

  /** The execs that change a host: writes, and the tools' setting subcommands. */
  private static final Pattern CHANGING =
      Pattern.compile(
          ": (tee |rm |mstconfig .* set |devlink .* set |virsh nodedev-(detach|reattach)"
              + "|systemctl (start|stop|restart) |ovs-vsctl .*(add-|del-|set |remove ))");

  final Lab lab;
  final RecordingEventSink events = new RecordingEventSink();
  final List<String> execs = CountingHost.newLog();
  private ClaimLiveness liveness = ClaimLiveness.onThisMachine();

  PrepareLab(Lab lab) {
    this.lab = lab;
  }

  static PrepareLab builtIn() {
    return new PrepareLab(TestLab.defaultLab());
  }

  /** The built-in lab after {@code scenario} changed its description. */
  static PrepareLab with(Consumer<LabSpec> scenario) {
    return new PrepareLab(TestLab.with(scenario));
  }

  PrepareLab judgingClaimsBy(ClaimLiveness claims) {
    this.liveness = claims;
    return this;
  }

  Fleet fleet() {
    return LabInventory.fleet(lab, host -> new CountingHost(new ObservedHost(host, events), execs));
  }

  ManagedHost managed(String host) {
    return fleet().get(host);
  }

  PrepareResult prepare(String host) {
    return prepare(host, DEFAULTS, false);
  }

  PrepareResult plan(String host) {
    return prepare(host, DEFAULTS, true);
  }

  PrepareResult prepare(String host, PrepareOptions options, boolean dryRun) {
    return new Prepare(events, liveness).run(managed(host), options, dryRun);
  }

  PrepareResult teardown(String host) {
    return teardown(host, false);
  }

  PrepareResult teardown(String host, boolean dryRun) {
    return new Teardown(events, liveness).run(managed(host), "br-vf", dryRun);
  }

  /** The adapters the steps use on {@code host}, outside any run. */
  HostTools tools(String host) {
    ManagedHost m = managed(host);
    return HostTools.of(m.name(), m.host(), m.pf());
  }

  HostSpec spec(String host) {
    return lab.hostSpec(host);
  }

  /** Makes the next command on {@code host} that starts with {@code command} fail. */
  FaultSpec fault(String host, String command, String stderr) {
    FaultSpec fault = new FaultSpec();
    fault.command = command;
    fault.stderr = stderr;
    spec(host).faults.add(fault);
    return fault;
  }

  /**
   * The whole state of {@code host} but its faults, to compare before and after; without the VMs'
   * UUIDs, which the lab gives a VM the first time libvirt is asked about it.
   */
  String snapshot(String host) {
    HostSpec copy = LabYaml.mapper().convertValue(spec(host), HostSpec.class);
    copy.faults = List.of();
    copy.vms.forEach(vm -> vm.uuid = null);
    return LabYaml.mapper().valueToTree(copy).toString();
  }

  /**
   * Runs {@code run}, which must fail rolled back (exit 4), and checks that {@code host} is as it
   * was before; returns the error for the test to read.
   */
  RolledBackException rolledBack(String host, Runnable run) {
    String before = snapshot(host);
    RolledBackException e = Assertions.catchThrowableOfType(RolledBackException.class, run::run);
    Assertions.assertThat(e).as("a rolled-back failure").isNotNull();
    Assertions.assertThat(snapshot(host)).as("%s as it was before", host).isEqualTo(before);
    return e;
  }

  /** The execs that changed a host since the log was last cleared, in order. */
  List<String> changes() {
    synchronized (execs) {
      return execs.stream().filter(e -> CHANGING.matcher(e).find()).toList();
    }
  }

  static List<String> commands(PrepareResult result) {
    return result.steps().stream().map(PrepareResult.PlannedStep::command).toList();
  }

  static List<String> descriptions(PrepareResult result) {
    return result.steps().stream().map(PrepareResult.PlannedStep::description).toList();
  }
}
