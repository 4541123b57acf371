package io.vfmigrate.workflow.prepare;

import static io.vfmigrate.workflow.prepare.PrepareLab.descriptions;
import static org.assertj.core.api.Assertions.assertThat;

import io.vfmigrate.lab.state.HostSpec;
import io.vfmigrate.model.RolledBackException;
import io.vfmigrate.workflow.journal.InMemoryJournal;
import io.vfmigrate.workflow.journal.OperationKind;
import io.vfmigrate.workflow.journal.OperationStart;
import io.vfmigrate.workflow.journal.StepRecord;
import io.vfmigrate.workflow.journal.StepState;
import io.vfmigrate.workflow.steps.StepRunner;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;

/**
 * hw-offload on a host whose Open vSwitch already runs. ovs-vswitchd turns offload on as soon as it
 * reads hw-offload=true and off only when it restarts (the lab emulates it, and {@code ovs-appctl
 * dpif/offload/show} of Open vSwitch 3.7 reports it): a rollback must restart it after restoring
 * other_config, and say only what is true.
 */
class PrepareOffloadTest {
  private static final String REP_PORT = "ovs-vsctl --may-exist add-port br-vf enp225s0npf0vf0";

  /** src with Open vSwitch {@code version} running without hw-offload, and the bridge missing. */
  private static PrepareLab runningOvs(String version) {
    return PrepareLab.with(
        spec -> {
          HostSpec h = spec.hosts.get("src");
          h.packages.remove("openvswitch3.3");
          h.packages.put("openvswitch" + version.substring(0, 3), version);
          h.services.put("openvswitch", "active");
          h.ovs.otherConfig.put("max-idle", "10000");
        });
  }

  /** What the running ovs-vswitchd reports, through the same adapter prepare uses. */
  private static Optional<Boolean> offloadOn(PrepareLab lab) {
    return lab.tools("src").appctl().offloadEnabled();
  }

  /** A journaled operation the test can read the steps of, as the CLI's runs have. */
  private static String begin(InMemoryJournal journal) {
    return journal.begin(
        new OperationStart(
            OperationKind.PREPARE,
            Optional.empty(),
            List.of("src"),
            Clock.systemUTC().instant(),
            "",
            ProcessHandle.current().pid(),
            ""));
  }

  private static void prepare(PrepareLab lab, InMemoryJournal journal, String operation) {
    new Prepare(new StepRunner(journal, operation, lab.events, Clock.systemUTC()))
        .run(lab.managed("src"), PrepareLab.DEFAULTS, false);
  }

  @Test
  void aFailureAfterTheRestartLeavesOpenVswitchAsItWasInConfigAndInTheRunningDaemon() {
    PrepareLab lab = runningOvs("3.7.0");
    assertThat(offloadOn(lab)).contains(false);
    assertThat(descriptions(lab.plan("src")))
        .containsSubsequence(
            "set Open vSwitch hw-offload=true (offload the VF's flows to the NIC)",
            "restart openvswitch so that hw-offload takes effect",
            "add the representor enp225s0npf0vf0 of VF 0 to br-vf");
    lab.fault("src", REP_PORT, "ovs-vsctl: a test fault\n");
    InMemoryJournal journal = new InMemoryJournal();
    String operation = begin(journal);

    RolledBackException e = lab.rolledBack("src", () -> prepare(lab, journal, operation));
    assertThat(e.getMessage())
        .isEqualTo(
            "Step 'add the representor enp225s0npf0vf0 of VF 0 to br-vf' failed on src: "
                + REP_PORT
                + "\n  ovs-vsctl: a test fault\n"
                + "Undid the 9 steps applied before it; src is as it was before this run."
                + " openvswitch was restarted so that ovs-vswitchd runs without hw-offload again.");
    assertThat(lab.tools("src").ovs().otherConfig())
        .doesNotContainKey("hw-offload")
        .containsEntry("max-idle", "10000");
    assertThat(offloadOn(lab))
        .as("ovs-appctl dpif/offload/show after the rollback")
        .contains(false);

    List<String> changes = lab.changes();
    assertThat(changes.subList(changes.indexOf("src: " + REP_PORT) + 1, changes.size()))
        .containsSubsequence(
            "src: ovs-vsctl --if-exists del-br br-vf",
            "src: ovs-vsctl set Open_vSwitch . other_config:max-idle=10000",
            "src: ovs-vsctl remove Open_vSwitch . other_config hw-offload",
            "src: systemctl restart openvswitch")
        .doesNotContain("src: systemctl stop openvswitch");

    List<StepRecord> steps = journal.steps(operation);
    assertThat(steps)
        .filteredOn(s -> s.description().startsWith("undo: "))
        .extracting(StepRecord::description, StepRecord::command, StepRecord::state)
        .contains(
            Tuple.tuple(
                "undo: restart openvswitch so that hw-offload takes effect", "", StepState.DONE),
            Tuple.tuple(
                "undo: set Open vSwitch hw-offload=true (offload the VF's flows to the NIC)",
                "ovs-vsctl remove Open_vSwitch . other_config hw-offload;"
                    + " systemctl restart openvswitch",
                StepState.DONE));
    assertThat(steps)
        .filteredOn(s -> s.description().startsWith("set Open vSwitch hw-offload"))
        .extracting(StepRecord::state)
        .containsExactly(StepState.UNDONE);

    lab.prepare("src");
    PrepareTest.assertPrepared(lab.spec("src"));
    assertThat(offloadOn(lab)).contains(true);
  }

  @Test
  void aFailureBeforeTheRestartAlsoRestartsTheDaemonThatTurnedOffloadOnWhenItReadTheSetting() {
    PrepareLab lab = runningOvs("3.7.0");
    lab.fault("src", "ovs-vsctl --may-exist add-br br-vf", "ovs-vsctl: a test fault\n");

    RolledBackException e = lab.rolledBack("src", () -> lab.prepare("src"));
    assertThat(e.getMessage())
        .endsWith(
            "Undid the 6 steps applied before it; src is as it was before this run. openvswitch"
                + " was restarted so that ovs-vswitchd runs without hw-offload again.");
    assertThat(offloadOn(lab)).contains(false);
  }

  @Test
  void onAnOpenVswitchThatCannotReportOffloadTheMessageClaimsOnlyTheSettings() {
    PrepareLab lab = runningOvs("3.3.0");
    lab.fault("src", REP_PORT, "ovs-vsctl: a test fault\n");

    RolledBackException e = lab.rolledBack("src", () -> lab.prepare("src"));
    assertThat(e.getMessage())
        .endsWith(
            "Undid the 9 steps applied before it; src's settings are as they were before this run."
                + " openvswitch was restarted so that ovs-vswitchd runs as its restored"
                + " other_config says; whether it ran with hw-offload before this run could not be"
                + " read (this Open vSwitch has no 'ovs-appctl dpif/offload/show' (3.7 and"
                + " later)).");
    assertThat(lab.spec("src").ovs.offloadApplied).isFalse();
    assertThat(lab.changes()).contains("src: systemctl restart openvswitch");
  }

  @Test
  void whenOpenVswitchWasStoppedTheUndoStopsItAndRestartsNothing() {
    PrepareLab lab = PrepareLab.builtIn();
    lab.fault("src", REP_PORT, "ovs-vsctl: a test fault\n");

    RolledBackException e = lab.rolledBack("src", () -> lab.prepare("src"));
    assertThat(e.getMessage()).endsWith("src is as it was before this run.");
    List<String> changes = lab.changes();
    assertThat(changes.subList(changes.indexOf("src: " + REP_PORT) + 1, changes.size()))
        .contains("src: systemctl stop openvswitch")
        .doesNotContain("src: systemctl restart openvswitch");
  }

  /** src with Open vSwitch {@code version} running, hw-offload=true and max-idle set by hand. */
  private static PrepareLab configuredByHand(String version, boolean daemonHasOffload) {
    PrepareLab lab = runningOvs(version);
    HostSpec h = lab.spec("src");
    h.ovs.otherConfig.put("hw-offload", "true");
    h.ovs.otherConfig.put("max-idle", "300000");
    h.ovs.offloadApplied = daemonHasOffload;
    return lab;
  }

  @Test
  void hwOffloadSetButNotInEffectIsRestartedWhenTheDaemonSaysSo() {
    PrepareLab lab = configuredByHand("3.7.0", false);
    PrepareResult plan = lab.plan("src");
    assertThat(descriptions(plan))
        .contains(
            "restart openvswitch so that hw-offload takes effect (ovs-vswitchd runs without it:"
                + " ovs-appctl dpif/offload/show says 'Globally enabled: false')")
        .noneMatch(d -> d.startsWith("set Open vSwitch"));
    assertThat(plan.notes()).isEmpty();

    lab.prepare("src");
    assertThat(offloadOn(lab)).contains(true);
    assertThat(lab.plan("src").steps()).isEmpty();
  }

  @Test
  void hwOffloadInEffectIsNotRestarted() {
    PrepareLab lab = configuredByHand("3.7.0", true);
    PrepareResult plan = lab.plan("src");
    assertThat(descriptions(plan)).noneMatch(d -> d.startsWith("restart openvswitch"));
    assertThat(plan.notes()).isEmpty();
  }

  @Test
  void whenTheDaemonCannotReportOffloadThePlanSaysSoAndWhatToCheck() {
    PrepareLab lab = configuredByHand("3.3.0", false);
    PrepareResult plan = lab.plan("src");
    assertThat(descriptions(plan)).noneMatch(d -> d.startsWith("restart openvswitch"));
    assertThat(plan.notes())
        .containsExactly(
            "ovs-vswitchd's offload state cannot be read (this Open vSwitch has no 'ovs-appctl"
                + " dpif/offload/show' (3.7 and later)); it turns offload on when it reads"
                + " hw-offload=true, so no restart is planned. To check: grep 'Flow API Enabled'"
                + " /var/log/openvswitch/ovs-vswitchd.log (since its last start), or restart"
                + " openvswitch.");
  }

  @Test
  void aRollbackAfterARestartThatAppliedTheHandsSettingSaysTheDaemonNowRunsWithIt() {
    PrepareLab lab = configuredByHand("3.7.0", false);
    lab.fault("src", REP_PORT, "ovs-vsctl: a test fault\n");

    RolledBackException e =
        org.assertj.core.api.Assertions.catchThrowableOfType(
            RolledBackException.class, () -> lab.prepare("src"));
    assertThat(e.getMessage())
        .endsWith(
            "src's settings are as they were before this run. ovs-vswitchd now runs with"
                + " hw-offload on, as its database already asked before this run; a restart"
                + " cannot be undone.");
    assertThat(offloadOn(lab)).contains(true);
    assertThat(lab.spec("src").ovs.otherConfig).containsEntry("hw-offload", "true");
  }
}
