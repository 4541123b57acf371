package io.vfmigrate.workflow.prepare;

import static io.vfmigrate.testing.TestLab.nic;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vfmigrate.host.Fleet;
import io.vfmigrate.lab.Lab;
import io.vfmigrate.lab.LabYaml;
import io.vfmigrate.lab.state.FaultSpec;
import io.vfmigrate.lab.state.HostSpec;
import io.vfmigrate.lab.state.NicSpec;
import io.vfmigrate.lab.state.VfSpec;
import io.vfmigrate.model.NotReadyException;
import io.vfmigrate.model.PciAddress;
import io.vfmigrate.model.RolledBackException;
import io.vfmigrate.testing.TestLab;
import io.vfmigrate.workflow.claims.Acquisition;
import io.vfmigrate.workflow.claims.ClaimLiveness;
import io.vfmigrate.workflow.claims.ClaimOwner;
import io.vfmigrate.workflow.claims.ClaimRequest;
import io.vfmigrate.workflow.claims.Claims;
import io.vfmigrate.workflow.claims.ProcessTable;
import io.vfmigrate.workflow.event.Event;
import io.vfmigrate.workflow.event.RecordingEventSink;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class PrepareTest {
  private static final PrepareOptions DEFAULTS = new PrepareOptions("br-vf", OptionalInt.empty());

  private final RecordingEventSink events = new RecordingEventSink();

  private PrepareResult prepare(Lab lab, String host, boolean dryRun) {
    Fleet fleet = TestLab.fleet(lab, events);
    return new Prepare(events).run(fleet.get(host), DEFAULTS, dryRun);
  }

  private static String snapshot(HostSpec host) {
    HostSpec copy = LabYaml.mapper().convertValue(host, HostSpec.class);
    copy.faults = List.of();
    return LabYaml.mapper().valueToTree(copy).toString();
  }

  static void assertPrepared(HostSpec h) {
    NicSpec nic = h.nics.get(0);
    assertThat(nic.eswitch).isEqualTo("switchdev");
    assertThat(nic.numVfs).isEqualTo(1);
    VfSpec vf = nic.vfs.get(0);
    assertThat(vf.driver).isIn("pci-stub", "vfio-pci", "mlx5_vfio_pci");
    assertThat(vf.migratable).isTrue();
    assertThat(h.services).containsEntry("openvswitch", "active");
    assertThat(h.ovs.otherConfig)
        .containsEntry("hw-offload", "true")
        .containsEntry("max-idle", "300000");
    assertThat(h.ovs.bridges.get("br-vf"))
        .containsExactlyInAnyOrder("enp225s0np0", "enp225s0npf0vf0");
  }

  @Test
  void prepareBringsAFreshHostToThePreparedState() {
    Lab lab = TestLab.defaultLab();
    PrepareResult result = prepare(lab, "src", false);
    assertThat(result.applied()).isTrue();
    assertThat(result.rebootRequired()).isFalse();
    assertPrepared(lab.hostSpec("src"));
    assertThat(events.eventsOf(Event.StepFinished.class)).allMatch(Event.StepFinished::ok);
  }

  @Test
  void aSecondRunPlansNothingAndRunsNoChangingCommand() {
    Lab lab = TestLab.defaultLab();
    prepare(lab, "dst", false);
    String before = snapshot(lab.hostSpec("dst"));
    PrepareResult again = prepare(lab, "dst", false);
    assertThat(again.steps()).isEmpty();
    assertThat(snapshot(lab.hostSpec("dst"))).isEqualTo(before);
  }

  @Test
  void aDryRunPrintsTheProcedureInAWorkingOrderAndChangesNothing() {
    Lab lab = TestLab.defaultLab();
    String before = snapshot(lab.hostSpec("src"));
    PrepareResult plan = prepare(lab, "src", true);
    assertThat(plan.applied()).isFalse();
    assertThat(plan.steps())
        .extracting(PrepareResult.PlannedStep::command)
        .containsExactly(
            "devlink dev eswitch set pci/0000:e1:00.0 mode switchdev",
            "echo 1 > /sys/bus/pci/devices/0000:e1:00.0/sriov_numvfs",
            "virsh nodedev-detach pci_0000_e1_00_1 --driver pci-stub",
            "devlink port function set pci/0000:e1:00.0/1 migratable enable",
            "systemctl start openvswitch",
            "ovs-vsctl set Open_vSwitch . other_config:hw-offload=true",
            "ovs-vsctl set Open_vSwitch . other_config:max-idle=300000",
            "ovs-vsctl --may-exist add-br br-vf",
            "systemctl restart openvswitch",
            "ovs-vsctl --may-exist add-port br-vf enp225s0np0",
            "ovs-vsctl --may-exist add-port br-vf enp225s0npf0vf0");
    assertThat(snapshot(lab.hostSpec("src"))).isEqualTo(before);
  }

  @Test
  void onADebianHostOpenVswitchIsItsOwnUnitOpenvswitchSwitch() {
    Lab lab = TestLab.with(spec -> TestLab.debian(spec, "dst"));
    String initial = snapshot(lab.hostSpec("dst"));

    PrepareResult plan = prepare(lab, "dst", true);
    assertThat(plan.steps())
        .extracting(PrepareResult.PlannedStep::command)
        .contains("systemctl start openvswitch-switch", "systemctl restart openvswitch-switch")
        .doesNotContain("systemctl start openvswitch", "systemctl restart openvswitch");

    prepare(lab, "dst", false);
    HostSpec h = lab.hostSpec("dst");
    assertThat(h.services).containsEntry("openvswitch-switch", "active");
    assertThat(h.services).doesNotContainKey("openvswitch");
    assertThat(h.ovs.bridges.get("br-vf"))
        .containsExactlyInAnyOrder("enp225s0np0", "enp225s0npf0vf0");
    assertThat(prepare(lab, "dst", false).steps()).isEmpty();

    PrepareResult torn =
        new Teardown(events).run(TestLab.fleet(lab, events).get("dst"), "br-vf", false);
    assertThat(torn.steps())
        .extracting(PrepareResult.PlannedStep::command)
        .contains("systemctl stop openvswitch-switch");
    assertThat(snapshot(lab.hostSpec("dst"))).isEqualTo(initial);
  }

  @Test
  void onLibvirtBefore97TheVfIsBoundToPciStubThroughSysfsAndTeardownGivesItBack() {
    // libvirt 9.0 (Debian 12) refuses 'nodedev-detach --driver pci-stub': unknown driver name
    Lab lab = TestLab.with(spec -> TestLab.host(spec, "dst").packages.put("libvirt", "9.0.0"));
    String initial = snapshot(lab.hostSpec("dst"));

    assertThat(prepare(lab, "dst", true).steps())
        .extracting(PrepareResult.PlannedStep::command)
        .contains(
            "echo pci-stub > /sys/bus/pci/devices/0000:e1:00.1/driver_override;"
                + " echo 0000:e1:00.1 > /sys/bus/pci/devices/0000:e1:00.1/driver/unbind;"
                + " echo 0000:e1:00.1 > /sys/bus/pci/drivers_probe")
        .doesNotContain("virsh nodedev-detach pci_0000_e1_00_1 --driver pci-stub");

    prepare(lab, "dst", false);
    assertThat(lab.hostSpec("dst").nics.get(0).vfs.get(0).driver).isEqualTo("pci-stub");
    assertThat(prepare(lab, "dst", false).steps()).isEmpty();

    new Teardown(events).run(TestLab.fleet(lab, events).get("dst"), "br-vf", false);
    assertThat(snapshot(lab.hostSpec("dst"))).isEqualTo(initial);
  }

  @Test
  void migrationModeOffIsSetForNextBootThenPrepareCompletesAfterAReboot() {
    Lab lab = TestLab.with(spec -> nic(spec, "dst").vfMigrationMode = 0);
    PrepareResult first = prepare(lab, "dst", false);
    assertThat(first.rebootRequired()).isTrue();
    assertThat(first.steps())
        .extracting(PrepareResult.PlannedStep::command)
        .containsExactly("mstconfig -y -d 0000:e1:00.0 set VF_MIGRATION_MODE=2");
    assertThat(lab.hostSpec("dst").nics.get(0).vfMigrationModeNext).isEqualTo(2);
    assertThat(lab.hostSpec("dst").nics.get(0).eswitch).isEqualTo("legacy");

    PrepareResult beforeReboot = prepare(lab, "dst", false);
    assertThat(beforeReboot.rebootRequired()).isTrue();
    assertThat(beforeReboot.steps()).isEmpty();

    lab.reboot("dst");
    PrepareResult after = prepare(lab, "dst", false);
    assertThat(after.rebootRequired()).isFalse();
    assertPrepared(lab.hostSpec("dst"));
  }

  @Test
  void aFailingStepUndoesTheRunAndLeavesTheHostAsItWas() {
    Lab lab = TestLab.defaultLab();
    FaultSpec fault = new FaultSpec();
    fault.command = "ovs-vsctl --may-exist add-br br-vf";
    fault.stderr = "ovs-vsctl: cannot create a bridge named br-vf because of a test fault\n";
    lab.hostSpec("src").faults.add(fault);
    String before = snapshot(lab.hostSpec("src"));

    assertThatThrownBy(() -> prepare(lab, "src", false))
        .isInstanceOf(RolledBackException.class)
        .hasMessageContaining("ovs-vsctl --may-exist add-br br-vf")
        .hasMessageContaining("test fault");
    assertThat(snapshot(lab.hostSpec("src"))).isEqualTo(before);
  }

  @Test
  void aStepsFailingLookupIsReportedAsTheCommandThatFailedNotTheStepsOwnCommand() {
    Lab lab = TestLab.defaultLab();
    FaultSpec fault = new FaultSpec();
    fault.command = "devlink -j port show";
    fault.stderr = "kernel answers: Operation not permitted\n";
    fault.skip = 1; // the state read passes; the lookup of the VF's port in its step fails
    lab.hostSpec("src").faults.add(fault);

    assertThatThrownBy(() -> prepare(lab, "src", false))
        .isInstanceOf(RolledBackException.class)
        .hasMessageContaining(
            "Step 'mark VF 0 migratable (devlink port of vfnum 0)' failed on src:"
                + " devlink -j port show\n  kernel answers: Operation not permitted")
        .hasMessageNotContaining("devlink port function set");
  }

  @Test
  void theToolsFixAndTheRerunReadAsOneSentence() {
    Lab lab = TestLab.defaultLab();
    FaultSpec fault = new FaultSpec();
    fault.command = "devlink -j port show";
    fault.stderr = "kernel answers: Operation not permitted\n";
    fault.skip = 1;
    lab.hostSpec("src").faults.add(fault);

    assertThatThrownBy(() -> prepare(lab, "src", false))
        .isInstanceOfSatisfying(
            RolledBackException.class,
            e ->
                assertThat(e.fix())
                    .isEqualTo(
                        "run the command on the host to see devlink's full answer; then run"
                            + " vfmigrate prepare --host src again"));
  }

  @Test
  void aPortThatOpenVswitchCannotOpenIsNoticedAndRolledBack() {
    Lab lab = TestLab.defaultLab();
    FaultSpec fault = new FaultSpec();
    fault.command = "ovs-vsctl get Interface enp225s0npf0vf0 error";
    fault.exitCode = 0;
    fault.stdout = "\"could not open network device enp225s0npf0vf0 (No such device)\"\n";
    lab.hostSpec("src").faults.add(fault);
    String before = snapshot(lab.hostSpec("src"));

    assertThatThrownBy(() -> prepare(lab, "src", false))
        .isInstanceOf(RolledBackException.class)
        .hasMessageContaining("No such device");
    assertThat(snapshot(lab.hostSpec("src"))).isEqualTo(before);
  }

  @Test
  void teardownOfAnUnusedPreparedHostReturnsItToItsInitialState() {
    Lab lab = TestLab.defaultLab();
    String initial = snapshot(lab.hostSpec("dst"));
    prepare(lab, "dst", false);
    Fleet fleet = TestLab.fleet(lab, events);
    PrepareResult torn = new Teardown(events).run(fleet.get("dst"), "br-vf", false);
    assertThat(torn.steps()).isNotEmpty();
    assertThat(snapshot(lab.hostSpec("dst"))).isEqualTo(initial);
  }

  @Test
  void moreVfsThanThePfOffersIsInvalidInput() {
    Lab lab = TestLab.defaultLab();
    Fleet fleet = TestLab.fleet(lab, events);
    assertThatThrownBy(
            () ->
                new Prepare(events)
                    .run(fleet.get("src"), new PrepareOptions("br-vf", OptionalInt.of(17)), false))
        .hasMessageContaining("at most 16");
  }

  @Test
  void teardownIsRefusedWhileAVmUsesTheVf() {
    Lab lab = TestLab.defaultLab();
    prepare(lab, "src", false);
    Fleet fleet = TestLab.fleet(lab, events);
    new io.vfmigrate.workflow.attach.Attach(fleet, events)
        .run("vm1", "src", java.util.Optional.empty(), java.util.Optional.empty(), false);
    assertThatThrownBy(() -> new Teardown(events).run(fleet.get("src"), "br-vf", false))
        .isInstanceOf(NotReadyException.class)
        .hasMessageContaining("vm1");
  }

  /** pid 7 runs on ctl-test; any other pid of ctl-test does not. */
  private static final ClaimLiveness LIVENESS =
      new ClaimLiveness(
          "ctl-test",
          pid ->
              pid == 7
                  ? Optional.of(new ProcessTable.RunningProcess(pid, Optional.empty()))
                  : Optional.empty(),
          op -> false);

  private static final PciAddress VF1 = PciAddress.parse("0000:e1:00.1");

  private static void claimVf(Fleet fleet, String host, String operation, long pid) {
    assertThat(
            new Claims(LIVENESS)
                .acquire(
                    fleet,
                    List.of(ClaimRequest.vf(host, VF1)),
                    new ClaimOwner(operation, "ctl-test", pid, Instant.now())))
        .isInstanceOf(Acquisition.Acquired.class);
  }

  @Test
  void prepareRefusesToChangeTheVfCountUnderAClaimedVf() {
    Lab lab = TestLab.defaultLab();
    prepare(lab, "dst", false);
    Fleet fleet = TestLab.fleet(lab, events);
    claimVf(fleet, "dst", "migrate-99-1", 99);
    String before = snapshot(lab.hostSpec("dst"));

    assertThatThrownBy(
            () ->
                new Prepare(events, LIVENESS)
                    .run(fleet.get("dst"), new PrepareOptions("br-vf", OptionalInt.of(2)), false))
        .isInstanceOf(NotReadyException.class)
        .hasMessageContaining("would remove VF 0000:e1:00.1 of dst")
        .hasMessageContaining("migrate-99-1 on ctl-test, pid 99")
        .hasMessageContaining("(stale)")
        .satisfies(
            e ->
                assertThat(((NotReadyException) e).fix())
                    .startsWith("vfmigrate recover")
                    .contains("keep --vfs 1"));
    assertThat(snapshot(lab.hostSpec("dst"))).isEqualTo(before);

    PrepareResult again = new Prepare(events, LIVENESS).run(fleet.get("dst"), DEFAULTS, false);
    assertThat(again.steps()).as("keeping the VF count touches no claimed VF").isEmpty();
  }

  @Test
  void teardownIsRefusedWhileARunHasClaimedAVf() {
    Lab lab = TestLab.defaultLab();
    prepare(lab, "dst", false);
    Fleet fleet = TestLab.fleet(lab, events);
    claimVf(fleet, "dst", "migrate-7-1", 7);

    assertThatThrownBy(() -> new Teardown(events, LIVENESS).run(fleet.get("dst"), "br-vf", false))
        .isInstanceOf(NotReadyException.class)
        .hasMessageContaining("Tearing down dst would remove VF 0000:e1:00.1")
        .hasMessageContaining("migrate-7-1 on ctl-test, pid 7")
        .hasMessageContaining("(live)")
        .satisfies(
            e ->
                assertThat(((NotReadyException) e).fix())
                    .contains("wait for migrate-7-1 (pid 7) to finish")
                    .contains("vfmigrate teardown --host dst again"));
    assertThat(lab.hostSpec("dst").nics.get(0).numVfs).isEqualTo(1);
  }
}
