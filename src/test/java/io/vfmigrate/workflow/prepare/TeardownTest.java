package io.vfmigrate.workflow.prepare;

import static io.vfmigrate.workflow.prepare.PrepareLab.commands;
import static io.vfmigrate.workflow.prepare.PreparePlanTest.runbook;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vfmigrate.model.InvalidInputException;
import io.vfmigrate.model.NotReadyException;
import io.vfmigrate.model.RolledBackException;
import io.vfmigrate.testing.TestLab;
import org.junit.jupiter.api.Test;

/** Teardown: its runbook for each state, what it leaves alone, its refusals and its failures. */
class TeardownTest {
  @Test
  void aPreparedHostIsToldTheProcedureBackwardsAndTheRunRunsExactlyThat() {
    PrepareLab lab = PrepareLab.builtIn();
    String initial = lab.snapshot("src");
    lab.prepare("src");
    lab.execs.clear();

    PrepareResult torn = lab.teardown("src");
    assertThat(torn.host()).isEqualTo("src");
    assertThat(torn.applied()).isTrue();
    assertThat(torn.rebootRequired()).isFalse();
    assertThat(runbook(torn))
        .containsExactly(
            "remove port enp225s0npf0vf0 from br-vf",
            "ovs-vsctl --if-exists del-port br-vf enp225s0npf0vf0",
            "remove port enp225s0np0 from br-vf",
            "ovs-vsctl --if-exists del-port br-vf enp225s0np0",
            "remove the Open vSwitch bridge br-vf",
            "ovs-vsctl --if-exists del-br br-vf",
            "unmark VF 0 migratable (devlink port of vfnum 0)",
            "devlink port function set pci/0000:e1:00.0/1 migratable disable",
            "re-attach VF 0000:e1:00.1 to its host driver",
            "virsh nodedev-reattach pci_0000_e1_00_1",
            "remove the VFs",
            "echo 0 > /sys/bus/pci/devices/0000:e1:00.0/sriov_numvfs",
            "put the NIC's embedded switch in legacy mode",
            "devlink dev eswitch set pci/0000:e1:00.0 mode legacy",
            "remove Open vSwitch hw-offload=true",
            "ovs-vsctl remove Open_vSwitch . other_config hw-offload",
            "remove Open vSwitch max-idle=300000",
            "ovs-vsctl remove Open_vSwitch . other_config max-idle",
            "stop openvswitch (no bridge left)",
            "systemctl stop openvswitch");
    assertThat(lab.changes())
        .containsExactly(
            "src: ovs-vsctl --if-exists del-port br-vf enp225s0npf0vf0",
            "src: ovs-vsctl --if-exists del-port br-vf enp225s0np0",
            "src: ovs-vsctl --if-exists del-br br-vf",
            "src: devlink port function set pci/0000:e1:00.0/1 migratable disable",
            "src: virsh nodedev-reattach pci_0000_e1_00_1",
            "src: tee /sys/bus/pci/devices/0000:e1:00.0/sriov_numvfs",
            "src: devlink dev eswitch set pci/0000:e1:00.0 mode legacy",
            "src: ovs-vsctl remove Open_vSwitch . other_config hw-offload",
            "src: ovs-vsctl remove Open_vSwitch . other_config max-idle",
            "src: systemctl stop openvswitch");
    assertThat(lab.snapshot("src")).isEqualTo(initial);
    assertThat(lab.teardown("src").steps()).as("a torn down host plans nothing").isEmpty();
  }

  @Test
  void aDryRunShowsTheStepsAndChangesNothing() {
    PrepareLab lab = PrepareLab.builtIn();
    lab.prepare("src");
    String before = lab.snapshot("src");
    lab.execs.clear();

    PrepareResult plan = lab.teardown("src", true);
    assertThat(plan.applied()).isFalse();
    assertThat(plan.steps()).hasSize(10);
    assertThat(lab.changes()).isEmpty();
    assertThat(lab.snapshot("src")).isEqualTo(before);
  }

  @Test
  void aFreshHostHasNothingToTearDown() {
    PrepareLab lab = PrepareLab.builtIn();
    String before = lab.snapshot("dst");
    assertThat(lab.teardown("dst").steps()).isEmpty();
    assertThat(lab.changes()).isEmpty();
    assertThat(lab.snapshot("dst")).isEqualTo(before);
  }

  @Test
  void aBridgeWithPortsOfItsOwnIsKeptAndOpenVswitchKeepsRunning() {
    PrepareLab lab = PrepareLab.builtIn();
    lab.prepare("src");
    lab.tools("src").ovs().addPort("br-vf", "vnet7");

    PrepareResult torn = lab.teardown("src");
    assertThat(commands(torn))
        .containsExactly(
            "ovs-vsctl --if-exists del-port br-vf enp225s0npf0vf0",
            "ovs-vsctl --if-exists del-port br-vf enp225s0np0",
            "devlink port function set pci/0000:e1:00.0/1 migratable disable",
            "virsh nodedev-reattach pci_0000_e1_00_1",
            "echo 0 > /sys/bus/pci/devices/0000:e1:00.0/sriov_numvfs",
            "devlink dev eswitch set pci/0000:e1:00.0 mode legacy");
    assertThat(lab.spec("src").ovs.bridges).containsEntry("br-vf", java.util.List.of("vnet7"));
    assertThat(lab.spec("src").services).containsEntry("openvswitch", "active");
    assertThat(lab.spec("src").ovs.otherConfig).containsEntry("hw-offload", "true");
  }

  @Test
  void anotherBridgeKeepsOpenVswitchRunningWithItsSettings() {
    PrepareLab lab = PrepareLab.builtIn();
    lab.prepare("src");
    lab.tools("src").ovs().addBridge("br-ex");

    PrepareResult torn = lab.teardown("src");
    assertThat(commands(torn))
        .contains("ovs-vsctl --if-exists del-br br-vf")
        .doesNotContain(
            "ovs-vsctl remove Open_vSwitch . other_config hw-offload",
            "ovs-vsctl remove Open_vSwitch . other_config max-idle",
            "systemctl stop openvswitch");
    assertThat(lab.spec("src").ovs.bridges).containsOnlyKeys("br-ex");
    assertThat(lab.spec("src").services).containsEntry("openvswitch", "active");
    assertThat(lab.spec("src").ovs.otherConfig)
        .containsEntry("hw-offload", "true")
        .containsEntry("max-idle", "300000");
  }

  @Test
  void openVswitchSettingsNotPreparesAreLeftAlone() {
    PrepareLab lab = PrepareLab.builtIn();
    lab.prepare("src");
    lab.tools("src").ovs().setOtherConfig("hw-offload", "false");
    lab.tools("src").ovs().setOtherConfig("max-idle", "10000");

    assertThat(commands(lab.teardown("src", true)))
        .endsWith(
            "devlink dev eswitch set pci/0000:e1:00.0 mode legacy", "systemctl stop openvswitch")
        .doesNotContain(
            "ovs-vsctl remove Open_vSwitch . other_config hw-offload",
            "ovs-vsctl remove Open_vSwitch . other_config max-idle");
  }

  @Test
  void aHalfTornDownHostPlansOnlyWhatIsLeft() {
    PrepareLab lab = PrepareLab.builtIn();
    lab.prepare("src");
    HostTools tools = lab.tools("src");
    tools.ovs().deleteBridge("br-vf");
    tools.ovs().removeOtherConfig("hw-offload");
    tools.ovs().removeOtherConfig("max-idle");
    tools.systemctl().stop("openvswitch");
    new Steps.SetMigratable(
            io.vfmigrate.model.PciAddress.parse("0000:e1:00.0"), 0, "pci/0000:e1:00.0/1", false)
        .apply(tools);

    assertThat(commands(lab.teardown("src")))
        .containsExactly(
            "virsh nodedev-reattach pci_0000_e1_00_1",
            "echo 0 > /sys/bus/pci/devices/0000:e1:00.0/sriov_numvfs",
            "devlink dev eswitch set pci/0000:e1:00.0 mode legacy");
    assertThat(lab.spec("src").nics.get(0).eswitch).isEqualTo("legacy");
    assertThat(lab.spec("src").nics.get(0).numVfs).isZero();
  }

  @Test
  void onLibvirtBefore97TheDriverOverrideIsClearedBeforeTheReattach() {
    PrepareLab lab =
        PrepareLab.with(spec -> TestLab.host(spec, "src").packages.put("libvirt", "9.0.0"));
    lab.prepare("src");
    assertThat(commands(lab.teardown("src", true)))
        .contains(
            "echo > /sys/bus/pci/devices/0000:e1:00.1/driver_override;"
                + " virsh nodedev-reattach pci_0000_e1_00_1");
    lab.teardown("src");
    assertThat(lab.spec("src").nics.get(0).numVfs).isZero();
  }

  @Test
  void teardownIsRefusedWhileAVmUsesTheVfNamingItAndHowToFreeIt() {
    PrepareLab lab = PrepareLab.builtIn();
    lab.prepare("src");
    new io.vfmigrate.workflow.attach.Attach(lab.fleet(), lab.events)
        .run("vm1", "src", java.util.Optional.empty(), java.util.Optional.empty(), false);
    String before = lab.snapshot("src");

    assertThatThrownBy(() -> lab.teardown("src", true))
        .isInstanceOfSatisfying(
            NotReadyException.class,
            e -> {
              assertThat(e.getMessage())
                  .isEqualTo(
                      "vm1 uses VF 0000:e1:00.1 of src; tearing down would pull it from a running"
                          + " VM.");
              assertThat(e.fix())
                  .isEqualTo(
                      "migrate vm1 to another host (vfmigrate migrate vm1 --from src --to HOST),"
                          + " or detach the VF from it: save its <interface type='hostdev'>"
                          + " element from `virsh dumpxml vm1` on src to a file FILE, then run"
                          + " virsh detach-device vm1 FILE --live --config");
            });
    assertThat(lab.snapshot("src")).isEqualTo(before);
  }

  @Test
  void aBridgeNameThatIsNoNameIsRefusedBeforeAnythingIsRead() {
    PrepareLab lab = PrepareLab.builtIn();
    assertThatThrownBy(() -> new Teardown(lab.events).run(lab.managed("src"), "br vf;", false))
        .isInstanceOf(InvalidInputException.class);
    assertThat(lab.execs).isEmpty();
  }

  @Test
  void aFailedStepIsUndoneAndTheRerunContinuesFromTheCurrentState() {
    PrepareLab lab = PrepareLab.builtIn();
    String initial = lab.snapshot("src");
    lab.prepare("src");
    lab.fault(
        "src", "devlink dev eswitch set pci/0000:e1:00.0 mode legacy", "Error: a test fault.\n");

    RolledBackException e = lab.rolledBack("src", () -> lab.teardown("src"));
    assertThat(e.getMessage())
        .isEqualTo(
            "Step 'put the NIC's embedded switch in legacy mode' failed on src:"
                + " devlink dev eswitch set pci/0000:e1:00.0 mode legacy\n"
                + "  Error: a test fault.\n"
                + "Undid the 6 steps applied before it; src is as it was before this run.");
    assertThat(e.fix())
        .isEqualTo(
            "run the command on the host to see devlink's full answer; then run vfmigrate"
                + " teardown --host src again; it continues from the current state");

    lab.teardown("src");
    assertThat(lab.snapshot("src")).isEqualTo(initial);
  }
}
