package io.vfmigrate.workflow.migrate;

import static io.vfmigrate.testing.MigrationFixture.asking;
import static io.vfmigrate.testing.MigrationFixture.ready;
import static io.vfmigrate.testing.MigrationFixture.request;
import static io.vfmigrate.testing.MigrationFixture.vf;
import static io.vfmigrate.testing.MigrationFixture.vm;
import static io.vfmigrate.workflow.migrate.JournaledMigration.migrationFault;
import static io.vfmigrate.workflow.migrate.JournaledMigration.stepStarted;
import static org.assertj.core.api.Assertions.assertThat;

import io.vfmigrate.lab.Lab;
import io.vfmigrate.lab.state.InterfaceSpec;
import io.vfmigrate.lab.state.VmSpec;
import io.vfmigrate.testing.MigrationFixture;
import io.vfmigrate.testing.TestLab;
import io.vfmigrate.workflow.attach.Attach;
import io.vfmigrate.workflow.event.Event;
import io.vfmigrate.workflow.event.EventSink;
import io.vfmigrate.workflow.journal.StepState;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/**
 * The steps of a migration as the operator reads them in the journal and the events: what each
 * claims, releases and runs for one VF and for two, and what each undo leaves when a host does not
 * cooperate (a claimed VF that cannot be freed, a claim file that cannot be removed, a VF a domain
 * took between the guards and the claim).
 */
class MigrationStepsTest {
  private static final String VF1 = "0000:e1:00.1";
  private static final String VF2 = "0000:e1:00.2";

  @Test
  void aVmWithTwoVfsClaimsMovesAndReleasesBoth() {
    Lab lab = MigrationFixture.prepared(s -> {}, OptionalInt.of(2), true);
    MigrationFixture.attach(lab, "vm1", 2);
    JournaledMigration m = new JournaledMigration(lab);

    MigrationResult r = m.run(asking().verify(false).build());

    assertThat(r.outcome()).as(r.toString()).isEqualTo(MigrationOutcome.MIGRATED);
    assertThat(m.steps())
        .containsExactly(
            "dst done: claim VFs "
                + VF1
                + ", "
                + VF2
                + " on dst for vm1 and a migration slot of each PF",
            "src done: rewrite the domain XML for the destination VFs",
            "src done: migrate vm1 to dst",
            "dst done: release the claims on the destination VFs",
            "src done: release the source VFs " + VF1 + ", " + VF2 + " (prepared again)");
    assertThat(m.step("release the source VFs").command())
        .isEqualTo(
            "virsh nodedev-detach pci_0000_e1_00_1 --driver pci-stub;"
                + " virsh nodedev-detach pci_0000_e1_00_2 --driver pci-stub");
    assertThat(m.infos())
        .contains(
            "dst: claimed VF " + VF1 + " for vm1's VF " + VF1,
            "dst: claimed VF " + VF2 + " for vm1's VF " + VF2);
    assertThat(m.claims()).as("two VFs and two slots of each PF").hasSize(6);
    assertThat(m.step("claim VFs").command().split("; "))
        .hasSize(6)
        .allSatisfy(c -> assertThat(c).matches("create (src|dst):/run/vfmigrate/\\S+"));
    assertThat(r.deviceStateBytes()).hasValueSatisfying(b -> assertThat(b).isPositive());
    assertThat(m.events.eventsOf(Event.Progress.class))
        .as("progress counts at least 300 MB of device state per VF before QEMU reports it")
        .isNotEmpty()
        .allSatisfy(p -> assertThat(p.bytesTotal()).isGreaterThanOrEqualTo(2 * 300_000_000L));
    assertThat(vf(lab, "src", VF1).driver).isEqualTo("pci-stub");
    assertThat(vf(lab, "src", VF2).driver).isEqualTo("pci-stub");
  }

  @Test
  void aClaimedVfThatCannotBeFreedAgainMakesTheRollbackFailAndItsClaimsGoAllTheSame() {
    Lab lab = ready();
    migrationFault(lab, "destination_qemu_dies");
    JournaledMigration m = new JournaledMigration(lab);
    // libvirt gave the VF back to mlx5_core when the incoming QEMU died; detaching it fails.
    m.when(
        stepStarted("undo: claim VF"),
        () -> {
          vf(lab, "dst", VF1).driver = "mlx5_core";
          m.fault(
              "dst",
              "virsh nodedev-detach pci_0000_e1_00_1",
              "error: Failed to detach device pci_0000_e1_00_1\n"
                  + "error: internal error: Unable to reset PCI device 0000:e1:00.1\n");
        });

    MigrationResult r = m.run(request());

    assertThat(r.outcome()).as(r.toString()).isEqualTo(MigrationOutcome.FAILED);
    assertThat(r.error().orElseThrow())
        .contains(
            "; "
                + m.step("claim VF").command()
                + ": claimed VF "
                + VF1
                + " on dst is not free again: ")
        .contains("Unable to reset PCI device 0000:e1:00.1");
    assertThat(m.step("claim VF").state()).isEqualTo(StepState.UNDO_FAILED);
    assertThat(m.step("undo: claim VF").state()).isEqualTo(StepState.FAILED);
    assertThat(m.claimFiles("dst")).isEmpty();
    assertThat(m.claimFiles("src")).isEmpty();
    assertThat(m.claims()).allSatisfy(c -> assertThat(c.released()).isPresent());
    assertThat(vm(lab, "src").state).isEqualTo("running");
  }

  @Test
  void aClaimFileThatCannotBeRemovedIsWarnedAboutWithTheRecoverFix() {
    Lab lab = ready();
    JournaledMigration m =
        new JournaledMigration(lab)
            .hosts(
                JournaledMigration.failing(
                    "dst", "deleteFile", "/run/vfmigrate/", "Read-only file system"));

    MigrationResult r = m.run(asking().verify(false).build());

    assertThat(r.outcome()).as(r.toString()).isEqualTo(MigrationOutcome.MIGRATED);
    assertThat(m.warnings())
        .isNotEmpty()
        .allSatisfy(
            w ->
                assertThat(w)
                    .startsWith("dst: ")
                    .contains("Read-only file system")
                    .endsWith("; vfmigrate recover clears it"));
    assertThat(m.claimFiles("dst")).as("left for recover").isNotEmpty();
  }

  @Test
  void aVfADomainTookBetweenTheGuardsAndTheClaimIsChosenAgain() {
    Lab lab =
        MigrationFixture.prepared(
            s -> {
              VmSpec other = new VmSpec();
              other.name = "vm9";
              other.memory = "2GiB";
              InterfaceSpec nic = new InterfaceSpec();
              nic.mac = "52:54:00:99:00:01";
              nic.guestName = "eth0";
              nic.ip = "192.168.1.99/24";
              other.interfaces.add(nic);
              s.hosts.get("dst").vms.add(other);
            },
            OptionalInt.of(2),
            true);
    MigrationFixture.attach(lab, "vm1", 1);
    JournaledMigration m = new JournaledMigration(lab);
    m.when(
        stepStarted("claim VF " + VF1),
        () ->
            new Attach(TestLab.fleet(lab, EventSink.none()), EventSink.none())
                .run("vm9", "dst", Optional.empty(), Optional.empty(), false));

    MigrationResult r = m.run(asking().verify(false).build());

    assertThat(r.outcome()).as(r.toString()).isEqualTo(MigrationOutcome.MIGRATED);
    assertThat(m.infos())
        .contains("dst: VF " + VF1 + " on dst was given to vm9 a moment ago; choosing again");
    assertThat(r.vfMapping().values()).extracting(Object::toString).containsExactly(VF2);
    assertThat(m.steps()).first().asString().startsWith("dst failed: claim VF " + VF1);
    assertThat(m.claims())
        .as("the first attempt's claims are released before the second takes its own")
        .hasSize(6)
        .allSatisfy(c -> assertThat(c.released()).isPresent());
    assertThat(m.claimFiles("dst")).isEmpty();
  }
}
