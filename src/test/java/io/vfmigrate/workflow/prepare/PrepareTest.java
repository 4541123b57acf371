package io.vfmigrate.workflow.prepare;

import static io.vfmigrate.testing.TestLab.nic;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vfmigrate.host.Fleet;
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
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class PrepareTest {
  static void assertPrepared(HostSpec h) {
    NicSpec nic = h.nics.get(0);
    assertThat(nic.eswitch).isEqualTo("switchdev");
    assertThat(nic.numVfs).isEqualTo(1);
    VfSpec vf = nic.vfs.get(0);
    assertThat(vf.driver).isEqualTo("pci-stub");
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
    PrepareLab lab = PrepareLab.builtIn();
    PrepareResult result = lab.prepare("src");
    assertThat(result.applied()).isTrue();
    assertThat(result.rebootRequired()).isFalse();
    assertPrepared(lab.spec("src"));
    assertThat(lab.events.eventsOf(Event.StepFinished.class))
        .hasSize(result.steps().size())
        .allMatch(Event.StepFinished::ok);
  }

  @Test
  void aDryRunPrintsTheProcedureInAWorkingOrderAndChangesNothing() {
    PrepareLab lab = PrepareLab.builtIn();
    String before = lab.snapshot("src");
    PrepareResult plan = lab.plan("src");
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
    assertThat(lab.snapshot("src")).isEqualTo(before);
  }

  @Test
  void onADebianHostOpenVswitchIsItsOwnUnitOpenvswitchSwitch() {
    PrepareLab lab = PrepareLab.with(spec -> TestLab.debian(spec, "dst"));
    String initial = lab.snapshot("dst");

    PrepareResult plan = lab.plan("dst");
    assertThat(plan.steps())
        .extracting(PrepareResult.PlannedStep::command)
        .contains("systemctl start openvswitch-switch", "systemctl restart openvswitch-switch")
        .doesNotContain("systemctl start openvswitch", "systemctl restart openvswitch");

    lab.prepare("dst");
    HostSpec h = lab.spec("dst");
    assertThat(h.services).containsEntry("openvswitch-switch", "active");
    assertThat(h.services).doesNotContainKey("openvswitch");
    assertThat(h.ovs.bridges.get("br-vf"))
        .containsExactlyInAnyOrder("enp225s0np0", "enp225s0npf0vf0");
    assertThat(lab.prepare("dst").steps()).isEmpty();

    PrepareResult torn = lab.teardown("dst");
    assertThat(torn.steps())
        .extracting(PrepareResult.PlannedStep::command)
        .contains("systemctl stop openvswitch-switch");
    assertThat(lab.snapshot("dst")).isEqualTo(initial);
  }

  @Test
  void onLibvirtBefore97TheVfIsBoundToPciStubThroughSysfsAndTeardownGivesItBack() {
    // libvirt 9.0 (Debian 12) refuses 'nodedev-detach --driver pci-stub': unknown driver name
    PrepareLab lab =
        PrepareLab.with(spec -> TestLab.host(spec, "dst").packages.put("libvirt", "9.0.0"));
    String initial = lab.snapshot("dst");

    assertThat(lab.plan("dst").steps())
        .extracting(PrepareResult.PlannedStep::command)
        .contains(
            "echo pci-stub > /sys/bus/pci/devices/0000:e1:00.1/driver_override;"
                + " echo 0000:e1:00.1 > /sys/bus/pci/devices/0000:e1:00.1/driver/unbind;"
                + " echo 0000:e1:00.1 > /sys/bus/pci/drivers_probe")
        .doesNotContain("virsh nodedev-detach pci_0000_e1_00_1 --driver pci-stub");
    assertThat(lab.plan("dst").steps())
        .extracting(PrepareResult.PlannedStep::description)
        .contains(
            "detach VF 0 (0000:e1:00.1) from its host driver (through sysfs: this libvirt refuses"
                + " 'nodedev-detach --driver pci-stub' with \"unknown driver name\"; 9.7 and later"
                + " accept it)");

    lab.prepare("dst");
    assertThat(lab.spec("dst").nics.get(0).vfs.get(0).driver).isEqualTo("pci-stub");
    assertThat(lab.spec("dst").nics.get(0).vfs.get(0).driverOverride).isEqualTo("pci-stub");
    assertThat(lab.prepare("dst").steps()).isEmpty();

    lab.teardown("dst");
    assertThat(lab.snapshot("dst")).isEqualTo(initial);
  }

  @Test
  void migrationModeOffIsSetForNextBootThenPrepareCompletesAfterAReboot() {
    PrepareLab lab = PrepareLab.with(spec -> nic(spec, "dst").vfMigrationMode = 0);
    PrepareResult first = lab.prepare("dst");
    assertThat(first.rebootRequired()).isTrue();
    assertThat(first.steps())
        .extracting(PrepareResult.PlannedStep::command)
        .containsExactly("mstconfig -y -d 0000:e1:00.0 set VF_MIGRATION_MODE=2");
    assertThat(lab.spec("dst").nics.get(0).vfMigrationModeNext).isEqualTo(2);
    assertThat(lab.spec("dst").nics.get(0).eswitch).isEqualTo("legacy");

    PrepareResult beforeReboot = lab.prepare("dst");
    assertThat(beforeReboot.rebootRequired()).isTrue();
    assertThat(beforeReboot.steps()).isEmpty();

    lab.lab.reboot("dst");
    PrepareResult after = lab.prepare("dst");
    assertThat(after.rebootRequired()).isFalse();
    assertPrepared(lab.spec("dst"));
  }

  @Test
  void aStepsFailingLookupIsReportedAsTheCommandThatFailedNotTheStepsOwnCommand() {
    PrepareLab lab = PrepareLab.builtIn();
    // the state read passes; the lookup of the VF's port in its step fails
    lab.fault("src", "devlink -j port show", "kernel answers: Operation not permitted\n").skip = 1;

    assertThatThrownBy(() -> lab.prepare("src"))
        .isInstanceOf(RolledBackException.class)
        .hasMessageContaining(
            "Step 'mark VF 0 migratable (devlink port of vfnum 0)' failed on src:"
                + " devlink -j port show\n  kernel answers: Operation not permitted")
        .hasMessageNotContaining("devlink port function set");
  }

  @Test
  void theToolsFixAndTheRerunReadAsOneSentence() {
    PrepareLab lab = PrepareLab.builtIn();
    lab.fault("src", "devlink -j port show", "kernel answers: Operation not permitted\n").skip = 1;

    assertThatThrownBy(() -> lab.prepare("src"))
        .isInstanceOfSatisfying(
            RolledBackException.class,
            e ->
                assertThat(e.fix())
                    .isEqualTo(
                        "run the command on the host to see devlink's full answer; then run"
                            + " vfmigrate prepare --host src again"));
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
  private static final PciAddress VF2 = PciAddress.parse("0000:e1:00.2");

  private static void claimVf(Fleet fleet, String host, PciAddress vf, String operation, long pid) {
    assertThat(
            new Claims(LIVENESS)
                .acquire(
                    fleet,
                    List.of(ClaimRequest.vf(host, vf)),
                    new ClaimOwner(operation, "ctl-test", pid, Instant.now())))
        .isInstanceOf(Acquisition.Acquired.class);
  }

  @Test
  void prepareRefusesToChangeTheVfCountUnderAClaimedVf() {
    PrepareLab lab = PrepareLab.builtIn().judgingClaimsBy(LIVENESS);
    lab.prepare("dst");
    claimVf(lab.fleet(), "dst", VF1, "migrate-99-1", 99);
    String before = lab.snapshot("dst");

    assertThatThrownBy(
            () -> lab.prepare("dst", new PrepareOptions("br-vf", OptionalInt.of(2)), false))
        .isInstanceOfSatisfying(
            NotReadyException.class,
            e -> {
              assertThat(e.getMessage())
                  .startsWith(
                      "Changing the VF count from 1 to 2 on dst would remove VF 0000:e1:00.1 of"
                          + " dst, claimed by another run: /run/vfmigrate/claims/0000:e1:00.1 on"
                          + " dst: held by migrate-99-1 on ctl-test, pid 99, since ")
                  .endsWith(" (stale).");
              assertThat(e.fix())
                  .isEqualTo(
                      "vfmigrate recover (clears the stale claims of dead processes); or keep"
                          + " --vfs 1");
            });
    assertThat(lab.snapshot("dst")).isEqualTo(before);

    assertThat(lab.prepare("dst").steps())
        .as("keeping the VF count touches no claimed VF")
        .isEmpty();
  }

  @Test
  void twoClaimedVfsAreNamedTogether() {
    PrepareLab lab = PrepareLab.builtIn().judgingClaimsBy(LIVENESS);
    lab.prepare("dst", new PrepareOptions("br-vf", OptionalInt.of(2)), false);
    claimVf(lab.fleet(), "dst", VF1, "migrate-7-1", 7);
    claimVf(lab.fleet(), "dst", VF2, "migrate-7-1", 7);

    assertThatThrownBy(
            () -> lab.prepare("dst", new PrepareOptions("br-vf", OptionalInt.of(1)), true))
        .isInstanceOf(NotReadyException.class)
        .hasMessageStartingWith(
            "Changing the VF count from 2 to 1 on dst would remove VFs 0000:e1:00.1, 0000:e1:00.2"
                + " of dst, claimed by another run: ")
        .satisfies(
            e ->
                assertThat(((NotReadyException) e).fix())
                    .isEqualTo("wait for migrate-7-1 (pid 7) to finish; or keep --vfs 2"));
  }

  @Test
  void teardownIsRefusedWhileARunHasClaimedAVf() {
    PrepareLab lab = PrepareLab.builtIn().judgingClaimsBy(LIVENESS);
    lab.prepare("dst");
    claimVf(lab.fleet(), "dst", VF1, "migrate-7-1", 7);

    assertThatThrownBy(() -> lab.teardown("dst"))
        .isInstanceOf(NotReadyException.class)
        .hasMessageContaining("Tearing down dst would remove VF 0000:e1:00.1")
        .hasMessageContaining("migrate-7-1 on ctl-test, pid 7")
        .hasMessageContaining("(live)")
        .satisfies(
            e ->
                assertThat(((NotReadyException) e).fix())
                    .isEqualTo(
                        "wait for migrate-7-1 (pid 7) to finish; then run vfmigrate teardown"
                            + " --host dst again"));
    assertThat(lab.spec("dst").nics.get(0).numVfs).isEqualTo(1);
  }
}
