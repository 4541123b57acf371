package io.vfmigrate.workflow.prepare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vfmigrate.lab.state.FaultSpec;
import io.vfmigrate.model.NeedsAttentionException;
import io.vfmigrate.model.NotReadyException;
import io.vfmigrate.model.RolledBackException;
import io.vfmigrate.workflow.event.Event;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A step of prepare that fails: what the operator is told (the step, the command that failed, the
 * tool's words, what was undone, what to do), what is left on the host, and the re-run.
 */
class PrepareFailureTest {
  @Test
  void aFailedStepNamesItsCommandAndTheToolsWordsAndUndoesTheStepsBeforeIt() {
    PrepareLab lab = PrepareLab.builtIn();
    lab.fault("src", "ovs-vsctl --may-exist add-br br-vf", "ovs-vsctl: a test fault\n");

    RolledBackException e = lab.rolledBack("src", () -> lab.prepare("src"));
    assertThat(e.getMessage())
        .isEqualTo(
            "Step 'create the Open vSwitch bridge br-vf' failed on src:"
                + " ovs-vsctl --may-exist add-br br-vf\n"
                + "  ovs-vsctl: a test fault\n"
                + "Undid the 7 steps applied before it; src is as it was before this run.");
    assertThat(e.fix())
        .isEqualTo(
            "check the bridge and port names with 'ovs-vsctl show'; then run vfmigrate prepare"
                + " --host src again");
    assertThat(lab.events.eventsOf(Event.StepFinished.class))
        .extracting(Event.StepFinished::description, Event.StepFinished::ok)
        .contains(
            org.assertj.core.groups.Tuple.tuple("create the Open vSwitch bridge br-vf", false),
            org.assertj.core.groups.Tuple.tuple(
                "undo: put the NIC's embedded switch in switchdev mode", true));
  }

  @Test
  void theUndoRunsTheStepsBackwardsWithTheirOwnCommands() {
    PrepareLab lab = PrepareLab.builtIn();
    lab.fault("src", "ovs-vsctl --may-exist add-port br-vf enp225s0npf0vf0", "a test fault\n");

    assertThatThrownBy(() -> lab.prepare("src")).isInstanceOf(RolledBackException.class);
    List<String> changes = lab.changes();
    int failed = changes.indexOf("src: ovs-vsctl --may-exist add-port br-vf enp225s0npf0vf0");
    assertThat(changes.subList(failed + 1, changes.size()))
        .containsExactly(
            "src: ovs-vsctl --if-exists del-port br-vf enp225s0np0",
            "src: ovs-vsctl --if-exists del-br br-vf",
            "src: ovs-vsctl remove Open_vSwitch . other_config max-idle",
            "src: ovs-vsctl remove Open_vSwitch . other_config hw-offload",
            "src: systemctl stop openvswitch",
            "src: devlink port function set pci/0000:e1:00.0/1 migratable disable",
            "src: virsh nodedev-reattach pci_0000_e1_00_1",
            "src: tee /sys/bus/pci/devices/0000:e1:00.0/sriov_numvfs",
            "src: devlink dev eswitch set pci/0000:e1:00.0 mode legacy");
  }

  @Test
  void anUndoThatFailsTooNeedsAttentionNamingWhatIsLeftAndTheRerunCompletes() {
    PrepareLab lab = PrepareLab.builtIn();
    lab.fault("src", "ovs-vsctl --may-exist add-port br-vf enp225s0npf0vf0", "a test fault\n");
    lab.fault("src", "ovs-vsctl --if-exists del-br br-vf", "ovs-vsctl: cannot delete br-vf\n");

    assertThatThrownBy(() -> lab.prepare("src"))
        .isInstanceOfSatisfying(
            NeedsAttentionException.class,
            e -> {
              assertThat(e.getMessage())
                  .startsWith(
                      "Step 'add the representor enp225s0npf0vf0 of VF 0 to br-vf' failed on src:"
                          + " ovs-vsctl --may-exist add-port br-vf enp225s0npf0vf0\n"
                          + "  a test fault\n"
                          + "Undoing the 10 steps applied before it also failed:\n"
                          + "  ovs-vsctl --may-exist add-br br-vf: ")
                  .contains("cannot delete br-vf");
              assertThat(e.fix())
                  .isEqualTo(
                      "inspect src (vfmigrate check --host src), fix the cause, then run"
                          + " vfmigrate prepare --host src again");
            });
    assertThat(lab.spec("src").ovs.bridges).containsOnlyKeys("br-vf");
    assertThat(lab.spec("src").ovs.bridges.get("br-vf")).isEmpty();
    assertThat(lab.spec("src").nics.get(0).numVfs).as("the other steps were undone").isZero();

    assertThat(PreparePlanTest.runbook(lab.plan("src")))
        .as("Open vSwitch was stopped again: the bridge left in its database is not seen")
        .isEqualTo(PreparePlanTest.RUNBOOK);
    lab.prepare("src");
    PrepareTest.assertPrepared(lab.spec("src"));
  }

  @Test
  void aRerunAfterARolledBackFailureCompletes() {
    PrepareLab lab = PrepareLab.builtIn();
    lab.fault("src", "virsh nodedev-detach", "error: a test fault\n");
    assertThatThrownBy(() -> lab.prepare("src"))
        .isInstanceOf(RolledBackException.class)
        .hasMessageStartingWith(
            "Step 'detach VF 0 (0000:e1:00.1) from its host driver' failed on src:"
                + " virsh nodedev-detach pci_0000_e1_00_1 --driver pci-stub\n  error: a test fault")
        .hasMessageEndingWith(
            "Undid the 2 steps applied before it; src is as it was before this run.");

    PrepareResult again = lab.prepare("src");
    assertThat(again.steps()).hasSize(PreparePlanTest.RUNBOOK.size() / 2);
    PrepareTest.assertPrepared(lab.spec("src"));
  }

  @Test
  void aWriteToSysfsThatFailsIsTheStepsCommandWithTheKernelsReason() {
    PrepareLab lab = PrepareLab.builtIn();
    lab.fault("src", "/sys/bus/pci/devices/0000:e1:00.0/sriov_numvfs", "Cannot allocate memory");

    RolledBackException e = lab.rolledBack("src", () -> lab.prepare("src"));
    assertThat(e.fix())
        .isEqualTo(
            "check dmesg on the host for the driver's reason, and run vfmigrate as root; then run"
                + " vfmigrate prepare --host src again");
    assertThat(e.getMessage())
        .startsWith(
            "Step 'create 1 VF' failed on src:"
                + " echo 1 > /sys/bus/pci/devices/0000:e1:00.0/sriov_numvfs\n  ")
        .contains("Cannot allocate memory")
        .endsWith("Undid the 1 steps applied before it; src is as it was before this run.");
  }

  @Test
  void aPortOpenVswitchCannotOpenIsTakenOffTheBridgeAndNamedWithTheNetdevToCheck() {
    PrepareLab lab = PrepareLab.builtIn();
    FaultSpec error = lab.fault("src", "ovs-vsctl get Interface enp225s0npf0vf0 error", "");
    error.exitCode = 0;
    error.stdout = "\"could not open network device enp225s0npf0vf0 (No such device)\"\n";

    RolledBackException e = lab.rolledBack("src", () -> lab.prepare("src"));
    assertThat(e.getMessage())
        .isEqualTo(
            "Step 'add the representor enp225s0npf0vf0 of VF 0 to br-vf' failed on src:"
                + " ovs-vsctl --may-exist add-port br-vf enp225s0npf0vf0\n"
                + "  Open vSwitch added port enp225s0npf0vf0 to br-vf but cannot use it:"
                + " could not open network device enp225s0npf0vf0 (No such device)\n"
                + "Undid the 10 steps applied before it; src is as it was before this run.");
    assertThat(e.fix())
        .isEqualTo(
            "check that the netdev enp225s0npf0vf0 exists (ip link show enp225s0npf0vf0);"
                + " then run vfmigrate prepare --host src again");
    assertThat(lab.changes())
        .containsSubsequence(
            "src: ovs-vsctl --may-exist add-port br-vf enp225s0npf0vf0",
            "src: ovs-vsctl --if-exists del-port br-vf enp225s0npf0vf0",
            "src: ovs-vsctl --if-exists del-port br-vf enp225s0np0");
  }

  @Test
  void aPortWithoutAnOpenflowNumberIsRefusedToo() {
    PrepareLab lab = PrepareLab.builtIn();
    FaultSpec ofport = lab.fault("src", "ovs-vsctl get Interface enp225s0np0 ofport", "");
    ofport.exitCode = 0;
    ofport.stdout = "-1\n";

    assertThatThrownBy(() -> lab.prepare("src"))
        .isInstanceOf(RolledBackException.class)
        .hasMessageContaining(
            "Open vSwitch added port enp225s0np0 to br-vf but cannot use it: ofport -1\n");
    assertThat(lab.spec("src").ovs.bridges).isEmpty();
  }

  @Test
  void aToolThatFailsWhileTheStateIsReadIsARefusalAndNothingChanges() {
    PrepareLab lab = PrepareLab.builtIn();
    lab.fault("src", "mstconfig", "-E- Failed to open device: 0000:e1:00.0\n");
    String before = lab.snapshot("src");

    assertThatThrownBy(() -> lab.prepare("src"))
        .isInstanceOf(NotReadyException.class)
        .hasMessageStartingWith("Cannot read the state of src: ")
        .hasMessageContaining("Failed to open device")
        .hasMessageEndingWith(" Nothing was changed.");
    assertThat(lab.changes()).isEmpty();
    assertThat(lab.snapshot("src")).isEqualTo(before);
  }
}
