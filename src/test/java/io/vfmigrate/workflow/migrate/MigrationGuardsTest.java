package io.vfmigrate.workflow.migrate;

import static io.vfmigrate.testing.MigrationFixture.asking;
import static io.vfmigrate.testing.MigrationFixture.attach;
import static io.vfmigrate.testing.MigrationFixture.hostdev;
import static io.vfmigrate.testing.MigrationFixture.migrate;
import static io.vfmigrate.testing.MigrationFixture.prepared;
import static io.vfmigrate.testing.MigrationFixture.ready;
import static io.vfmigrate.testing.MigrationFixture.request;
import static io.vfmigrate.testing.MigrationFixture.vf;
import static io.vfmigrate.testing.MigrationFixture.vm;
import static org.assertj.core.api.Assertions.assertThat;

import io.vfmigrate.lab.Lab;
import io.vfmigrate.lab.LabStore;
import io.vfmigrate.lab.state.FaultSpec;
import io.vfmigrate.lab.state.InterfaceSpec;
import io.vfmigrate.lab.state.LabSpec;
import io.vfmigrate.lab.state.VmSpec;
import io.vfmigrate.testing.MigrationFixture;
import java.time.Duration;
import java.util.OptionalInt;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * Each guard of {@code migrate} refuses on its own, in its own words, and nothing changes: the
 * lab's whole state is the same after the refusal.
 */
class MigrationGuardsTest {
  /** The one refusal of {@code guard}, after checking that nothing changed. */
  private static Refusal refused(Lab lab, MigrateRequest request, String guard) {
    String before = withoutFaults(lab);
    MigrationResult r = migrate(lab, request);
    assertThat(r.outcome()).as(r.toString()).isEqualTo(MigrationOutcome.REFUSED);
    assertThat(withoutFaults(lab)).as("nothing changed").isEqualTo(before);
    assertThat(r.refusals()).allSatisfy(f -> assertThat(f.fix()).isNotBlank());
    return r.refusals().stream()
        .filter(f -> f.guard().equals(guard))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + guard + " refusal in " + r.refusals()));
  }

  /** The lab's state less the injected faults, whose counters count the commands run. */
  private static String withoutFaults(Lab lab) {
    LabSpec copy = LabStore.parse(MigrationFixture.unchanged(lab.spec()), "copy");
    copy.hosts.values().forEach(h -> h.faults.clear());
    return LabStore.toYaml(copy);
  }

  @Test
  void tunnelledMigrationIsRefusedWithTheDirectMigrationAsFix() {
    Refusal f = refused(ready(), asking().tunnelled(true).build(), "tunnelled");
    assertThat(f.reason()).contains("tunnelled migration sends everything through libvirtd");
    assertThat(f.fix())
        .isEqualTo("drop --tunnelled; vfmigrate uses a direct qemu+ssh:// migration");
  }

  @Test
  void postcopyAfterPrecopyIsRefusedWithTheDowntimeLimitAsFix() {
    Refusal f = refused(ready(), asking().postcopy(true).build(), "postcopy");
    assertThat(f.reason()).contains("VFIO migration is not supported with postcopy migration");
    assertThat(f.fix()).contains("--max-downtime");
  }

  @Test
  void sameHostIsRefusedAlone() {
    MigrateRequest r = MigrateRequest.builder("vm1", "src", "src").build();
    Lab lab = ready();
    Refusal f = refused(lab, r, "same-host");
    assertThat(f.reason()).isEqualTo("source and destination are the same host");
    assertThat(f.fix()).isEqualTo("name another host with --to");
    assertThat(migrate(lab, r).refusals()).hasSize(1);
  }

  @Test
  void aVmThatIsShutOffIsRefusedWithVirshStart() {
    Lab lab = ready(spec -> {}, true);
    vm(lab, "src").state = "shut off";
    Refusal f = refused(lab, request(), "vm-running");
    assertThat(f.reason()).isEqualTo("vm1 is shut off on src; live migration moves a running VM");
    assertThat(f.fix()).isEqualTo("virsh start vm1");
  }

  @Test
  void aVmThatIsAlreadyOnTheDestinationIsRefusedSayingSo() {
    Lab lab = ready();
    assertThat(migrate(lab, request()).outcome()).isEqualTo(MigrationOutcome.MIGRATED);
    Refusal f = refused(lab, request(), "vm-running");
    assertThat(f.reason()).isEqualTo("vm1 is not defined on src; it is on dst already");
    assertThat(f.fix())
        .isEqualTo(
            "nothing to move: vm1 is on dst; to move it from there, give --from dst"
                + " (vfmigrate migrate vm1 --from dst --to HOST)");
  }

  @Test
  void aSourceVfThatIsNotMigratableIsRefused() {
    Lab lab = ready();
    String pci = hostdev(vm(lab, "src")).pci;
    vf(lab, "src", pci).migratable = false;
    Refusal f = refused(lab, request(), "source-vf-migratable");
    assertThat(f.reason()).isEqualTo("VF " + pci + " of vm1 is not marked migratable on src");
    assertThat(f.fix()).startsWith("detach the VF, run vfmigrate prepare --host src");
  }

  /** Prepares both hosts with {@code vfs} VFs and attaches {@code counts[i]} VFs to vm(i+1). */
  private static Lab withVfs(int vfs, Consumer<LabSpec> scenario, int... counts) {
    Lab lab = prepared(scenario, OptionalInt.of(vfs), true);
    for (int i = 0; i < counts.length; i++) {
      attach(lab, "vm" + (i + 1), counts[i]);
    }
    return lab;
  }

  @Test
  void aVmWithFiveVfsOfOnePfIsRefused() {
    Lab lab = withVfs(6, spec -> {}, 5);
    Refusal f = refused(lab, request(), "vfs-per-pf");
    assertThat(f.reason())
        .isEqualTo(
            "5 VFs of 0000:e1:00.0 would migrate at once (0 already migrating); ConnectX-7"
                + " allows at most 4");
    assertThat(f.fix()).isEqualTo("wait for the running migrations to finish, then try again");
  }

  @Test
  void aVmWithFourVfsOfOnePfIsNotRefusedByThatGuard() {
    Lab lab = withVfs(5, spec -> {}, 4);
    MigrationResult r = migrate(lab, asking().dryRun(true).timeout(Duration.ofMinutes(5)).build());
    assertThat(r.refusals()).as(r.toString()).isEmpty();
    assertThat(r.vfMapping()).hasSize(4);
  }

  private static void secondVm(LabSpec spec) {
    VmSpec vm2 = new VmSpec();
    vm2.name = "vm2";
    vm2.memory = "2GiB";
    InterfaceSpec nic = new InterfaceSpec();
    nic.mac = "52:54:00:11:22:44";
    nic.guestName = "eth0";
    nic.ip = "192.168.1.11/24";
    vm2.interfaces.add(nic);
    spec.hosts.get("src").vms.add(vm2);
  }

  @Test
  void aDomainWhoseJobCannotBeReadCountsAsMigratingAndTheRefusalSaysWhy() {
    Lab lab = withVfs(6, MigrationGuardsTest::secondVm, 1, 4);
    FaultSpec fault = new FaultSpec();
    fault.command = "virsh domjobinfo vm2";
    fault.stderr = "error: Timed out during operation: cannot acquire state change lock\n";
    fault.times = 10;
    lab.hostSpec("src").faults.add(fault);

    Refusal f = refused(lab, request(), "vfs-per-pf");

    assertThat(f.reason())
        .startsWith("5 VFs of 0000:e1:00.0 would migrate at once (4 already migrating;")
        .contains("counted as migrating because their migration job could not be read: vm2 (")
        .contains("cannot acquire state change lock")
        .endsWith("ConnectX-7 allows at most 4");
    assertThat(f.fix()).contains("virsh domjobinfo vm2 on src");
  }

  @Test
  void otherDomainsThatAreNotMigratingDoNotCount() {
    Lab lab = withVfs(6, MigrationGuardsTest::secondVm, 1, 4);
    MigrationResult r = migrate(lab, asking().dryRun(true).build());
    assertThat(r.outcome()).as(r.toString()).isEqualTo(MigrationOutcome.PLANNED);
  }

  @Test
  void aShutOffDomainHasNoJobAndDoesNotCount() {
    Lab lab = withVfs(6, MigrationGuardsTest::secondVm, 1, 4);
    lab.hostSpec("src").vms.get(1).state = "shut off";
    FaultSpec fault = new FaultSpec();
    fault.command = "virsh domjobinfo vm2";
    fault.stderr = "error: Requested operation is not valid: domain is not running\n";
    fault.times = 10;
    lab.hostSpec("src").faults.add(fault);
    MigrationResult r = migrate(lab, asking().dryRun(true).build());
    assertThat(r.outcome()).as(r.toString()).isEqualTo(MigrationOutcome.PLANNED);
  }
}
