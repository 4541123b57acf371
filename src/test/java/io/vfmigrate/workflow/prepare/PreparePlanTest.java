package io.vfmigrate.workflow.prepare;

import static io.vfmigrate.testing.TestLab.nic;
import static io.vfmigrate.workflow.prepare.PrepareLab.commands;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vfmigrate.lab.state.HostSpec;
import io.vfmigrate.model.InvalidInputException;
import io.vfmigrate.model.NotReadyException;
import io.vfmigrate.model.PciAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** What prepare plans for each state a host can start from, as the operator reads it. */
class PreparePlanTest {
  private static final PciAddress PF = PciAddress.parse("0000:e1:00.0");

  /** The procedure on the built-in lab's fresh host: description, then command, per step. */
  static final List<String> RUNBOOK =
      List.of(
          "put the NIC's embedded switch in switchdev mode",
          "devlink dev eswitch set pci/0000:e1:00.0 mode switchdev",
          "create 1 VF",
          "echo 1 > /sys/bus/pci/devices/0000:e1:00.0/sriov_numvfs",
          "detach VF 0 (0000:e1:00.1) from its host driver",
          "virsh nodedev-detach pci_0000_e1_00_1 --driver pci-stub",
          "mark VF 0 migratable (devlink port of vfnum 0)",
          "devlink port function set pci/0000:e1:00.0/1 migratable enable",
          "start openvswitch",
          "systemctl start openvswitch",
          "set Open vSwitch hw-offload=true (offload the VF's flows to the NIC)",
          "ovs-vsctl set Open_vSwitch . other_config:hw-offload=true",
          "set Open vSwitch max-idle=300000 (keep flows during the migration)",
          "ovs-vsctl set Open_vSwitch . other_config:max-idle=300000",
          "create the Open vSwitch bridge br-vf",
          "ovs-vsctl --may-exist add-br br-vf",
          "restart openvswitch so that hw-offload takes effect",
          "systemctl restart openvswitch",
          "add the PF uplink enp225s0np0 to br-vf",
          "ovs-vsctl --may-exist add-port br-vf enp225s0np0",
          "add the representor enp225s0npf0vf0 of VF 0 to br-vf",
          "ovs-vsctl --may-exist add-port br-vf enp225s0npf0vf0");

  /** Description and command of each step, interleaved as in {@link #RUNBOOK}. */
  static List<String> runbook(PrepareResult result) {
    List<String> out = new ArrayList<>();
    for (PrepareResult.PlannedStep s : result.steps()) {
      out.add(s.description());
      out.add(s.command());
    }
    return out;
  }

  @Test
  void aFreshHostIsShownTheWholeProcedureStepByStep() {
    PrepareLab lab = PrepareLab.builtIn();
    PrepareResult plan = lab.plan("src");
    assertThat(plan.host()).isEqualTo("src");
    assertThat(plan.applied()).isFalse();
    assertThat(plan.rebootRequired()).isFalse();
    assertThat(runbook(plan)).containsExactlyElementsOf(RUNBOOK);
    assertThat(lab.changes()).as("a dry run changes nothing").isEmpty();
  }

  @Test
  void theAppliedRunRunsExactlyTheRunbooksChangingCommandsInItsOrder() {
    PrepareLab lab = PrepareLab.builtIn();
    PrepareResult done = lab.prepare("src");
    assertThat(done.applied()).isTrue();
    assertThat(runbook(done)).containsExactlyElementsOf(RUNBOOK);
    assertThat(lab.changes())
        .containsExactly(
            "src: devlink dev eswitch set pci/0000:e1:00.0 mode switchdev",
            "src: tee /sys/bus/pci/devices/0000:e1:00.0/sriov_numvfs",
            "src: virsh nodedev-detach pci_0000_e1_00_1 --driver pci-stub",
            "src: devlink port function set pci/0000:e1:00.0/1 migratable enable",
            "src: systemctl start openvswitch",
            "src: ovs-vsctl set Open_vSwitch . other_config:hw-offload=true",
            "src: ovs-vsctl set Open_vSwitch . other_config:max-idle=300000",
            "src: ovs-vsctl --may-exist add-br br-vf",
            "src: systemctl restart openvswitch",
            "src: ovs-vsctl --may-exist add-port br-vf enp225s0np0",
            "src: ovs-vsctl --may-exist add-port br-vf enp225s0npf0vf0");
  }

  @Test
  void aPreparedHostPlansNothingAndItsRunChangesNothing() {
    PrepareLab lab = PrepareLab.builtIn();
    lab.prepare("dst");
    String before = lab.snapshot("dst");
    lab.execs.clear();

    PrepareResult again = lab.prepare("dst");
    assertThat(again.steps()).isEmpty();
    assertThat(again.applied()).isTrue();
    assertThat(again.rebootRequired()).isFalse();
    assertThat(lab.changes()).isEmpty();
    assertThat(lab.snapshot("dst")).isEqualTo(before);
  }

  /**
   * A host on which the operator ran the first steps of the procedure by hand plans only the rest.
   * The restart of Open vSwitch is planned with the change of hw-offload only: once hw-offload is
   * set, its other_config no longer tells whether vswitchd has read it.
   */
  @Test
  void aHalfPreparedHostPlansOnlyWhatIsMissingAndTheRunCompletesIt() {
    int restart = RUNBOOK.indexOf("systemctl restart openvswitch") / 2;
    int offload = RUNBOOK.indexOf("ovs-vsctl set Open_vSwitch . other_config:hw-offload=true") / 2;
    int steps = RUNBOOK.size() / 2;
    for (int done = 0; done <= steps; done++) {
      PrepareLab lab = PrepareLab.builtIn();
      HostTools tools = lab.tools("src");
      Plan full = Planner.plan(StateReader.read(tools), PF, PrepareLab.DEFAULTS, 1);
      for (Step step : full.steps().subList(0, done)) {
        step.apply(tools);
      }
      List<String> rest = new ArrayList<>();
      for (int i = done; i < steps; i++) {
        if (i != restart || done <= offload) {
          rest.add(RUNBOOK.get(2 * i));
          rest.add(RUNBOOK.get(2 * i + 1));
        }
      }

      assertThat(runbook(lab.plan("src"))).as("after %d steps", done).isEqualTo(rest);
      lab.prepare("src");
      PrepareTest.assertPrepared(lab.spec("src"));
      assertThat(lab.plan("src").steps()).as("after %d steps and a run", done).isEmpty();
    }
  }

  @Test
  void openVswitchSettingsOfAnotherValueAreChangedAndAFailureRestoresThem() {
    PrepareLab lab =
        PrepareLab.with(
            spec -> {
              HostSpec h = spec.hosts.get("src");
              h.services.put("openvswitch", "active");
              h.ovs.otherConfig.put("hw-offload", "false");
              h.ovs.otherConfig.put("max-idle", "10000");
              h.ovs.bridges.put("br-vf", new ArrayList<>(List.of("enp225s0np0")));
            });
    assertThat(runbook(lab.plan("src")))
        .containsSubsequence(
            "set Open vSwitch hw-offload=true (offload the VF's flows to the NIC)",
            "ovs-vsctl set Open_vSwitch . other_config:hw-offload=true",
            "set Open vSwitch max-idle=300000 (keep flows during the migration)",
            "ovs-vsctl set Open_vSwitch . other_config:max-idle=300000",
            "restart openvswitch so that hw-offload takes effect",
            "systemctl restart openvswitch",
            "add the representor enp225s0npf0vf0 of VF 0 to br-vf")
        .doesNotContain(
            "systemctl start openvswitch",
            "ovs-vsctl --may-exist add-br br-vf",
            "ovs-vsctl --may-exist add-port br-vf enp225s0np0");

    lab.fault("src", "ovs-vsctl --may-exist add-port br-vf enp225s0npf0vf0", "test fault\n");
    assertThat(lab.rolledBack("src", () -> lab.prepare("src"))).hasMessageContaining("test fault");
    assertThat(lab.spec("src").ovs.otherConfig)
        .containsEntry("hw-offload", "false")
        .containsEntry("max-idle", "10000");
    assertThat(lab.spec("src").ovs.offloadApplied)
        .as("the undo of hw-offload restarted ovs-vswitchd, which turned offload off")
        .isFalse();
  }

  @Test
  void anActiveOpenVswitchWithTheSettingsIsNotRestarted() {
    PrepareLab lab =
        PrepareLab.with(
            spec -> {
              HostSpec h = spec.hosts.get("src");
              h.services.put("openvswitch", "active");
              h.ovs.otherConfig.put("hw-offload", "true");
              h.ovs.otherConfig.put("max-idle", "300000");
            });
    assertThat(commands(lab.plan("src")))
        .containsExactly(
            "devlink dev eswitch set pci/0000:e1:00.0 mode switchdev",
            "echo 1 > /sys/bus/pci/devices/0000:e1:00.0/sriov_numvfs",
            "virsh nodedev-detach pci_0000_e1_00_1 --driver pci-stub",
            "devlink port function set pci/0000:e1:00.0/1 migratable enable",
            "ovs-vsctl --may-exist add-br br-vf",
            "ovs-vsctl --may-exist add-port br-vf enp225s0np0",
            "ovs-vsctl --may-exist add-port br-vf enp225s0npf0vf0");
  }

  @Test
  void vfAddressesArePredictedFromTheFirstVfOffset() {
    PrepareLab lab = PrepareLab.with(spec -> nic(spec, "src").vfOffset = 8);
    PrepareResult plan = lab.prepare("src", new PrepareOptions("br-vf", OptionalInt.of(2)), true);
    assertThat(runbook(plan))
        .contains(
            "create 2 VFs",
            "detach VF 0 (0000:e1:01.0) from its host driver",
            "virsh nodedev-detach pci_0000_e1_01_0 --driver pci-stub",
            "detach VF 1 (0000:e1:01.1) from its host driver",
            "virsh nodedev-detach pci_0000_e1_01_1 --driver pci-stub",
            "devlink port function set pci/0000:e1:00.0/2 migratable enable",
            "add the representor enp225s0npf0vf1 of VF 1 to br-vf");
    lab.prepare("src", new PrepareOptions("br-vf", OptionalInt.of(2)), false);
    assertThat(lab.spec("src").nics.get(0).vfs)
        .extracting(v -> v.pci)
        .containsExactly("0000:e1:01.0", "0000:e1:01.1");
  }

  @Test
  void moreVfsThanThePfOffersIsInvalidInputWithTheLimitAsTheFix() {
    PrepareLab lab = PrepareLab.builtIn();
    assertThatThrownBy(
            () -> lab.prepare("src", new PrepareOptions("br-vf", OptionalInt.of(17)), true))
        .isInstanceOfSatisfying(
            InvalidInputException.class,
            e -> {
              assertThat(e.getMessage())
                  .isEqualTo("The PF 0000:e1:00.0 offers at most 16 VFs; 17 were asked.");
              assertThat(e.fix()).isEqualTo("use --vfs 16 or fewer.");
            });
    assertThat(lab.prepare("src", new PrepareOptions("br-vf", OptionalInt.of(16)), true).steps())
        .isNotEmpty();
    assertThat(lab.changes()).isEmpty();
  }

  @Test
  void fewerVfsRemoveTheGoingRepresentorsThenRecreateTheVfs() {
    PrepareLab lab = PrepareLab.builtIn();
    lab.prepare("src", new PrepareOptions("br-vf", OptionalInt.of(4)), false);
    PrepareResult shrink = lab.prepare("src", new PrepareOptions("br-vf", OptionalInt.of(2)), true);
    assertThat(runbook(shrink))
        .containsExactly(
            "remove port enp225s0npf0vf2 from br-vf",
            "ovs-vsctl --if-exists del-port br-vf enp225s0npf0vf2",
            "remove port enp225s0npf0vf3 from br-vf",
            "ovs-vsctl --if-exists del-port br-vf enp225s0npf0vf3",
            "remove the existing VFs (the kernel demands 0 before a new count)",
            "echo 0 > /sys/bus/pci/devices/0000:e1:00.0/sriov_numvfs",
            "create 2 VFs",
            "echo 2 > /sys/bus/pci/devices/0000:e1:00.0/sriov_numvfs",
            "detach VF 0 (0000:e1:00.1) from its host driver",
            "virsh nodedev-detach pci_0000_e1_00_1 --driver pci-stub",
            "mark VF 0 migratable (devlink port of vfnum 0)",
            "devlink port function set pci/0000:e1:00.0/1 migratable enable",
            "detach VF 1 (0000:e1:00.2) from its host driver",
            "virsh nodedev-detach pci_0000_e1_00_2 --driver pci-stub",
            "mark VF 1 migratable (devlink port of vfnum 1)",
            "devlink port function set pci/0000:e1:00.0/2 migratable enable");
    lab.prepare("src", new PrepareOptions("br-vf", OptionalInt.of(2)), false);
    assertThat(lab.spec("src").nics.get(0).numVfs).isEqualTo(2);
    assertThat(lab.plan("src").steps()).as("the default keeps the count").isEmpty();
  }

  @Test
  void moreVfsOnAPreparedHostRecreateThemAll() {
    PrepareLab lab = PrepareLab.builtIn();
    lab.prepare("src");
    PrepareResult grow = lab.prepare("src", new PrepareOptions("br-vf", OptionalInt.of(2)), true);
    assertThat(runbook(grow))
        .startsWith(
            "remove the existing VFs (the kernel demands 0 before a new count)",
            "echo 0 > /sys/bus/pci/devices/0000:e1:00.0/sriov_numvfs",
            "create 2 VFs",
            "echo 2 > /sys/bus/pci/devices/0000:e1:00.0/sriov_numvfs")
        .endsWith(
            "add the representor enp225s0npf0vf1 of VF 1 to br-vf",
            "ovs-vsctl --may-exist add-port br-vf enp225s0npf0vf1");
    assertThat(commands(grow))
        .doesNotContain("ovs-vsctl --may-exist add-port br-vf enp225s0npf0vf0");
  }

  @Test
  void changingTheVfCountUnderARunningVmIsRefusedNamingTheVmAndHowToFreeTheVf() {
    PrepareLab lab = PrepareLab.builtIn();
    lab.prepare("src");
    new io.vfmigrate.workflow.attach.Attach(lab.fleet(), lab.events)
        .run("vm1", "src", java.util.Optional.empty(), java.util.Optional.empty(), false);
    String before = lab.snapshot("src");

    assertThatThrownBy(
            () -> lab.prepare("src", new PrepareOptions("br-vf", OptionalInt.of(2)), true))
        .isInstanceOfSatisfying(
            NotReadyException.class,
            e -> {
              assertThat(e.getMessage())
                  .isEqualTo(
                      "Changing the VF count from 1 to 2 on src would remove VF 0000:e1:00.1,"
                          + " which vm1 uses.");
              assertThat(e.fix()).isEqualTo(Teardown.freeTheVf("vm1", "src") + "; or keep --vfs 1");
            });
    assertThat(lab.snapshot("src")).isEqualTo(before);
    assertThat(lab.prepare("src", new PrepareOptions("br-vf", OptionalInt.of(1)), true).steps())
        .isEmpty();
  }

  @Test
  void firmwareMigrationModeIsPlannedAloneWithARebootWhateverElseIsMissing() {
    PrepareLab lab =
        PrepareLab.with(
            spec -> {
              nic(spec, "src").vfMigrationMode = 1;
              nic(spec, "src").eswitch = "switchdev";
            });
    PrepareResult plan = lab.plan("src");
    assertThat(plan.rebootRequired()).isTrue();
    assertThat(runbook(plan))
        .containsExactly(
            "enable VF migration in the NIC firmware (VF_MIGRATION_MODE=2, active after reboot)",
            "mstconfig -y -d 0000:e1:00.0 set VF_MIGRATION_MODE=2");

    PrepareResult set = lab.prepare("src");
    assertThat(set.rebootRequired()).isTrue();
    assertThat(lab.spec("src").nics.get(0).vfMigrationModeNext).isEqualTo(2);
    assertThat(lab.spec("src").nics.get(0).vfMigrationMode).isEqualTo(1);
  }

  @Test
  void aModeAlreadySetForTheNextBootPlansNothingButTheReboot() {
    PrepareLab lab =
        PrepareLab.with(
            spec -> {
              nic(spec, "src").vfMigrationMode = 0;
              nic(spec, "src").vfMigrationModeNext = 2;
            });
    PrepareResult plan = lab.plan("src");
    assertThat(plan.rebootRequired()).isTrue();
    assertThat(plan.steps()).isEmpty();
  }

  @Test
  void aVfDetachedByHandIsOnlyMarkedMigratableAndAddedToTheBridge() {
    PrepareLab lab = PrepareLab.builtIn();
    lab.prepare("src");
    // the operator unmarks the VF and takes its representor off the bridge by hand
    HostTools tools = lab.tools("src");
    new Steps.SetMigratable(PF, 0, "pci/0000:e1:00.0/1", false).apply(tools);
    tools.ovs().deletePort("br-vf", "enp225s0npf0vf0");

    assertThat(runbook(lab.plan("src")))
        .containsExactly(
            "mark VF 0 migratable (devlink port of vfnum 0)",
            "devlink port function set pci/0000:e1:00.0/1 migratable enable",
            "add the representor enp225s0npf0vf0 of VF 0 to br-vf",
            "ovs-vsctl --may-exist add-port br-vf enp225s0npf0vf0");
    lab.prepare("src");
    PrepareTest.assertPrepared(lab.spec("src"));
  }

  @Test
  void aVfOnItsHostDriverIsDetachedAgain() {
    PrepareLab lab = PrepareLab.builtIn();
    lab.prepare("src");
    lab.tools("src").virsh().nodedevReattach(PciAddress.parse("0000:e1:00.1"));
    assertThat(lab.spec("src").nics.get(0).vfs.get(0).driver).isEqualTo("mlx5_core");

    assertThat(runbook(lab.plan("src")))
        .containsExactly(
            "detach VF 0 (0000:e1:00.1) from its host driver",
            "virsh nodedev-detach pci_0000_e1_00_1 --driver pci-stub");
    lab.prepare("src");
    PrepareTest.assertPrepared(lab.spec("src"));
  }

  @Test
  void aVfBoundToVfioCountsAsDetached() {
    PrepareLab lab = PrepareLab.builtIn();
    lab.prepare("src");
    lab.spec("src").nics.get(0).vfs.get(0).driver = "vfio-pci";
    assertThat(lab.plan("src").steps()).isEmpty();
    lab.spec("src").nics.get(0).vfs.get(0).driver = "mlx5_vfio_pci";
    assertThat(lab.plan("src").steps()).isEmpty();
  }

  @Test
  void theBridgeIsTheOneAskedFor() {
    PrepareLab lab = PrepareLab.builtIn();
    PrepareResult other =
        lab.prepare("src", new PrepareOptions("br-mig", OptionalInt.empty()), true);
    assertThat(commands(other))
        .endsWith(
            "ovs-vsctl --may-exist add-br br-mig",
            "systemctl restart openvswitch",
            "ovs-vsctl --may-exist add-port br-mig enp225s0np0",
            "ovs-vsctl --may-exist add-port br-mig enp225s0npf0vf0");
  }
}
