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
import io.vfmigrate.testing.TestLab;
import io.vfmigrate.tools.FakeHost.Fixtures;
import java.time.Duration;
import java.util.List;
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

  @Test
  void aPausedVmIsRefusedWithVirshStart() {
    Lab lab = ready();
    vm(lab, "src").state = "paused";
    Refusal f = refused(lab, request(), "vm-running");
    assertThat(f.reason()).isEqualTo("vm1 is paused on src; live migration moves a running VM");
    assertThat(f.fix()).isEqualTo("virsh start vm1");
  }

  @Test
  void aVmDefinedNowhereIsRefusedWithCheckAsTheFix() {
    Lab lab = ready();
    MigrationResult r = migrate(lab, MigrateRequest.builder("vm9", "src", "dst").build());
    assertThat(r.outcome()).isEqualTo(MigrationOutcome.REFUSED);
    assertThat(r.refusals())
        .containsExactly(
            new Refusal(
                "vm-running",
                "vm9 is not defined on src",
                "check where it runs: vfmigrate check --vm vm9"));
  }

  @Test
  void aVmWithAVirtualIommuIsRefused() {
    Lab lab = ready();
    vm(lab, "src").viommu = true;
    Refusal f = refused(lab, request(), "viommu");
    assertThat(f.reason()).isEqualTo("vm1 has a virtual IOMMU; QEMU blocks VFIO migration with it");
    assertThat(f.fix())
        .isEqualTo("remove <iommu> from the domain (virsh edit vm1) and restart the VM");
  }

  @Test
  void refusalsOfTheRequestAndOfTheVmAreReportedTogether() {
    Lab lab = ready();
    vm(lab, "src").viommu = true;
    MigrationResult r = migrate(lab, asking().postcopy(true).tunnelled(true).build());
    assertThat(r.refusals())
        .extracting(Refusal::guard)
        .containsExactly("postcopy", "tunnelled", "viommu");
  }

  @Test
  void aDestinationWithoutPreparedVfsIsRefusedWithPrepareAsTheFix() {
    Lab lab = ready(spec -> {}, false);
    Refusal f = refused(lab, request(), "destination-vf");
    assertThat(f.reason()).isEqualTo("dst has 0 free prepared VFs on 0000:e1:00.0; vm1 needs 1");
    assertThat(f.fix()).isEqualTo("vfmigrate prepare --host dst --vfs 1");
  }

  @Test
  void oneFreeVfForTwoIsRefusedCountingWhatIsThereAlready() {
    Lab lab = io.vfmigrate.testing.TestLab.with(spec -> {});
    io.vfmigrate.host.Fleet fleet =
        io.vfmigrate.testing.TestLab.fleet(lab, io.vfmigrate.workflow.event.EventSink.none());
    new io.vfmigrate.workflow.prepare.Prepare(io.vfmigrate.workflow.event.EventSink.none())
        .run(
            fleet.get("src"),
            new io.vfmigrate.workflow.prepare.PrepareOptions("br-vf", OptionalInt.of(2)),
            false);
    new io.vfmigrate.workflow.prepare.Prepare(io.vfmigrate.workflow.event.EventSink.none())
        .run(
            fleet.get("dst"),
            new io.vfmigrate.workflow.prepare.PrepareOptions("br-vf", OptionalInt.of(1)),
            false);
    attach(lab, "vm1", 2);

    Refusal f = refused(lab, request(), "destination-vf");
    assertThat(f.reason()).isEqualTo("dst has 1 free prepared VF on 0000:e1:00.0; vm1 needs 2");
    assertThat(f.fix()).isEqualTo("vfmigrate prepare --host dst --vfs 2");
  }

  @Test
  void aVmWithFourVfsAndAnotherMigratingOutIsRefusedCountingThem() {
    Lab lab = withVfs(6, MigrationGuardsTest::secondVm, 1, 4);
    lab.hostSpec("src").faults.add(job("vm2", Fixtures.read("virsh/domjobinfo-unbounded.txt")));

    Refusal f = refused(lab, request(), "vfs-per-pf");
    assertThat(f.reason())
        .isEqualTo(
            "5 VFs of 0000:e1:00.0 would migrate at once (4 already migrating); ConnectX-7"
                + " allows at most 4");
    assertThat(f.fix()).isEqualTo("wait for the running migrations to finish, then try again");
  }

  @Test
  void exactlyFourVfsAtOnceAreAllowed() {
    Lab lab = withVfs(6, MigrationGuardsTest::secondVm, 1, 3);
    lab.hostSpec("src").faults.add(job("vm2", Fixtures.read("virsh/domjobinfo-unbounded.txt")));
    MigrationResult r = migrate(lab, asking().dryRun(true).build());
    assertThat(r.refusals()).as(r.toString()).isEmpty();
  }

  @Test
  void anotherJobThanAnOutgoingMigrationDoesNotCount() {
    Lab lab = withVfs(6, MigrationGuardsTest::secondVm, 1, 4);
    lab.hostSpec("src")
        .faults
        .add(
            job(
                "vm2",
                Fixtures.read("virsh/domjobinfo-unbounded.txt")
                    .replace("Outgoing migration", "Dump")));
    MigrationResult r = migrate(lab, asking().dryRun(true).build());
    assertThat(r.refusals()).as(r.toString()).isEmpty();
  }

  @Test
  void aDomainThatVanishedMeanwhileHasNoJob() {
    Lab lab = withVfs(6, MigrationGuardsTest::secondVm, 1, 4);
    lab.hostSpec("src").faults.add(job("vm2", Fixtures.read("virsh/domjobinfo-unbounded.txt")));
    FaultSpec gone = new FaultSpec();
    gone.command = "virsh domstate vm2";
    gone.stderr = "error: failed to get domain 'vm2'\n";
    gone.times = 10;
    lab.hostSpec("src").faults.add(gone);
    MigrationResult r = migrate(lab, asking().dryRun(true).build());
    assertThat(r.refusals()).as(r.toString()).isEmpty();
  }

  private static void qemu80OnDst(LabSpec spec) {
    spec.hosts.get("dst").packages.put("qemu-kvm", "8.0.0");
  }

  @Test
  void aVfMigrationToAQemuThatCannotTakeItIsRefusedInCheckWords() {
    Refusal f = refused(ready(MigrationGuardsTest::qemu80OnDst), request(), "qemu-version");
    assertThat(f.reason())
        .isEqualTo("dst: QEMU 8.0.0 cannot migrate VFIO devices; 8.1 or later is needed");
    assertThat(f.fix())
        .isEqualTo("dnf update -y qemu-kvm (8.1 or later), then restart the VMs on the new QEMU");
  }

  @Test
  void aVmWithoutAVfIsAPlainLiveMigrationThatAnOldQemuDoesNotBlock() {
    Lab lab = prepared(MigrationGuardsTest::qemu80OnDst, OptionalInt.empty(), true);
    MigrationResult r = migrate(lab, asking().dryRun(true).build());
    assertThat(r.refusals()).as(r.toString()).isEmpty();
    assertThat(r.vfMapping()).isEmpty();
  }

  @Test
  void aDestinationLibvirtThatDoesNotAnswerIsRefusedAloneWithoutThePrerequisites() {
    Lab lab = prepared(spec -> {}, OptionalInt.empty(), true);
    FaultSpec down = new FaultSpec();
    down.command = "virsh";
    down.stderr =
        "error: failed to connect to the hypervisor\nerror: Failed to connect socket to"
            + " '/var/run/libvirt/virtqemud-sock': No such file or directory\n";
    down.times = 1000;
    lab.hostSpec("dst").faults.add(down);
    MigrationResult r = migrate(lab, asking().dryRun(true).build());
    assertThat(r.outcome()).isEqualTo(MigrationOutcome.REFUSED);
    assertThat(r.refusals())
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.guard()).isEqualTo("libvirt-running");
              assertThat(f.reason()).startsWith("dst: ");
            });
  }

  @Test
  void aVmWithAVfIsRefusedForADestinationLibvirtThatIsDownWithItsFixAndNothingChanges() {
    // The destination's libvirt is stopped (the lab's virsh then answers as a real one whose
    // socket is gone); the guards must not go on to read dst's VFs through it.
    Lab lab = ready(spec -> {});
    lab.hostSpec("dst").services.put("libvirtd", "inactive");
    String before = MigrationFixture.unchanged(lab.spec());

    MigrationResult r = migrate(lab, request());

    assertThat(r.outcome()).as(r.toString()).isEqualTo(MigrationOutcome.REFUSED);
    assertThat(r.refusals())
        .containsExactly(
            new Refusal(
                "libvirt-running",
                "dst: libvirt does not answer: 'virsh version' failed on dst (exit 1): error:"
                    + " failed to connect to the hypervisor\nerror: Failed to connect socket to"
                    + " '/var/run/libvirt/virtqemud-sock': No such file or directory",
                "systemctl enable --now libvirtd"));
    assertThat(r.commands()).isEmpty();
    assertThat(r.vfMapping()).isEmpty();
    assertThat(MigrationFixture.unchanged(lab.spec())).as("nothing changed").isEqualTo(before);
  }

  @Test
  void aVfGivenAwayBetweenTheGuardsAndTheClaimIsNamed() {
    Lab lab = ready();
    io.vfmigrate.host.Fleet fleet =
        io.vfmigrate.testing.TestLab.fleet(lab, io.vfmigrate.workflow.event.EventSink.none());
    io.vfmigrate.model.PciAddress free = io.vfmigrate.model.PciAddress.parse("0000:e1:00.1");
    assertThat(MigrationGuards.destinationTakenMeanwhile(fleet, request(), List.of(free)))
        .isEmpty();
    assertThat(MigrationGuards.destinationTakenMeanwhile(fleet, request(), List.of())).isEmpty();

    // vm1 itself gets that VF on dst: a domain there now uses it.
    lab.hostSpec("dst")
        .vms
        .add(LabStore.parse(LabStore.toYaml(lab.spec()), "c").hosts.get("src").vms.get(0));
    hostdev(lab.hostSpec("dst").vms.get(0)).pci = free.toString();
    assertThat(MigrationGuards.destinationTakenMeanwhile(fleet, request(), List.of(free)))
        .contains(
            new Refusal(
                "destination-vf",
                "VF 0000:e1:00.1 on dst was given to vm1 a moment ago",
                "run the migration again; it picks another free VF"));
  }

  private static FaultSpec job(String vm, String domjobinfo) {
    FaultSpec f = new FaultSpec();
    f.command = "virsh domjobinfo " + vm;
    f.exitCode = 0;
    f.stdout = domjobinfo;
    f.times = 10;
    return f;
  }

  @Test
  void aVmDefinedOnAThirdHostIsRefusedNamingThatHost() {
    Lab lab =
        TestLab.with(
            spec -> {
              io.vfmigrate.lab.state.HostSpec h3 =
                  LabStore.parse(LabStore.toYaml(spec), "copy").hosts.get("src");
              h3.address = "192.0.2.13";
              h3.hostname = "h3";
              h3.uuid = "8f2b7c1e-0c6a-4d55-9d1e-3a1f5c0b7e13";
              spec.hosts.put("h3", h3);
              spec.hosts.get("src").vms.clear();
            });
    MigrationResult r = migrate(lab, asking().dryRun(true).build());
    assertThat(r.refusals())
        .containsExactly(
            new Refusal(
                "vm-running",
                "vm1 is not defined on src; it is defined on h3",
                "give --from h3: vfmigrate migrate vm1 --from h3 --to dst"));
  }

  @Test
  void aRefusedRequestStillHearsOfThePrerequisitesThatFail() {
    Lab lab =
        ready(
            spec -> {
              io.vfmigrate.lab.state.FirewallSpec fw = new io.vfmigrate.lab.state.FirewallSpec();
              fw.openPorts = List.of("22/tcp", "16509/tcp");
              spec.hosts.get("dst").firewall = fw;
            });
    MigrationResult r = migrate(lab, asking().postcopy(true).build());
    assertThat(r.refusals())
        .extracting(Refusal::guard)
        .containsExactly("postcopy", "migration-port");
  }

  @Test
  void vfsOfAnotherPfMigratingOutDoNotCount() {
    Lab lab =
        withVfs(
            6,
            spec -> {
              secondVm(spec);
              VmSpec vm2 = spec.hosts.get("src").vms.get(1);
              for (int i = 1; i <= 4; i++) {
                InterfaceSpec vf = new InterfaceSpec();
                vf.type = "hostdev";
                vf.mac = "52:54:00:aa:bb:0" + i;
                vf.pci = "0000:e2:00." + i;
                vm2.interfaces.add(vf);
              }
            },
            1);
    lab.hostSpec("src").faults.add(job("vm2", Fixtures.read("virsh/domjobinfo-unbounded.txt")));
    MigrationResult r = migrate(lab, asking().dryRun(true).build());
    assertThat(r.refusals()).as(r.toString()).isEmpty();
  }
}
