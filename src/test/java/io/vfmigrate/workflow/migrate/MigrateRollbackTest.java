package io.vfmigrate.workflow.migrate;

import static io.vfmigrate.testing.MigrationFixture.hostdev;
import static io.vfmigrate.testing.MigrationFixture.migrate;
import static io.vfmigrate.testing.MigrationFixture.ready;
import static io.vfmigrate.testing.MigrationFixture.request;
import static io.vfmigrate.testing.MigrationFixture.vf;
import static io.vfmigrate.testing.MigrationFixture.vm;
import static org.assertj.core.api.Assertions.assertThat;

import io.vfmigrate.host.Command;
import io.vfmigrate.lab.Lab;
import io.vfmigrate.lab.state.FaultSpec;
import io.vfmigrate.testing.TestLab;
import io.vfmigrate.workflow.event.Event;
import io.vfmigrate.workflow.event.EventSink;
import io.vfmigrate.workflow.event.RecordingEventSink;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A migration the operator cancels rolls back: the VM runs on the source with its VF. A rollback
 * that finds the VM without its VF is not a rollback: it is {@code failed} and needs a person.
 */
class MigrateRollbackTest {
  private static MigrationResult cancelled(Lab lab, EventSink events) {
    Cancellation cancel = new Cancellation();
    cancel.request();
    return new Migrate(TestLab.fleet(lab, events), events, cancel).run(request());
  }

  @Test
  void aFailedMigrationReportsVirshsErrorWithoutItsProgressReports() {
    Lab lab = ready();
    FaultSpec dies = new FaultSpec();
    dies.vm = "vm1";
    dies.migrationFault = "destination_qemu_dies";
    lab.hostSpec("src").faults.add(dies);

    MigrationResult r = migrate(lab, request());

    assertThat(r.outcome()).as(r.toString()).isEqualTo(MigrationOutcome.ROLLED_BACK);
    assertThat(r.error().orElseThrow())
        .as("virsh's '\\rMigration: [ x %]' reports share stderr with its error")
        .startsWith("error: operation failed: job 'migration out' failed")
        .doesNotContain("Migration: [");
    assertThat(vm(lab, "src").state).isEqualTo("running");
  }

  @Test
  void aCancelledMigrationRollsBackAndTheVmKeepsItsVf() {
    Lab lab = ready();
    String pci = hostdev(vm(lab, "src")).pci;

    MigrationResult r = cancelled(lab, EventSink.none());

    assertThat(r.outcome()).as(r.toString()).isEqualTo(MigrationOutcome.ROLLED_BACK);
    assertThat(r.error()).contains("cancelled by the operator; vm1 runs on src with its VF");
    assertThat(vm(lab, "src").state).isEqualTo("running");
    assertThat(hostdev(vm(lab, "src")).pci).isEqualTo(pci);
    assertThat(vf(lab, "src", pci).driver).isEqualTo("mlx5_vfio_pci");
    assertThat(vm(lab, "dst")).isNull();
  }

  @Test
  void aRollbackThatFindsTheVmWithoutItsVfFailsAndSaysWhatWasLost() {
    // How many 'virsh dumpxml vm1 ...' the run asks before virsh migrate starts, in a twin lab.
    RecordingEventSink twin = new RecordingEventSink();
    cancelled(ready(), twin);
    int before = 0;
    for (Event.CommandRan c : twin.eventsOf(Event.CommandRan.class)) {
      String line = String.join(" ", c.argv());
      if (line.startsWith("virsh migrate ")) {
        break;
      }
      if (c.host().equals("src") && line.startsWith("virsh dumpxml vm1")) {
        before++;
      }
      if (c.host().equals("src")) {
        // A batched virsh runs several, each meeting the fault as it would alone.
        before += line.split("'dumpxml' 'vm1'", -1).length - 1;
      }
    }
    Lab lab = ready();
    String pci = hostdev(vm(lab, "src")).pci;
    String xml = lab.host("src").run(Command.of(List.of("virsh", "dumpxml", "vm1"))).stdout();
    FaultSpec lost = new FaultSpec();
    lost.command = "virsh dumpxml vm1";
    lost.exitCode = 0;
    lost.stdout = xml.replaceAll("(?s)<interface type='hostdev'.*?</interface>\\s*", "");
    lost.skip = before;
    lost.times = 100;
    lab.hostSpec("src").faults.add(lost);
    assertThat(lost.stdout).doesNotContain("hostdev");

    MigrationResult r = cancelled(lab, EventSink.none());

    assertThat(r.outcome()).as(r.toString()).isEqualTo(MigrationOutcome.FAILED);
    assertThat(r.error().orElseThrow())
        .startsWith("cancelled by the operator")
        .contains("vm1 on src lost its VF " + pci);
  }
}
