package io.vfmigrate.workflow.migrate;

import static io.vfmigrate.testing.MigrationFixture.asking;
import static io.vfmigrate.testing.MigrationFixture.hostdev;
import static io.vfmigrate.testing.MigrationFixture.ready;
import static io.vfmigrate.testing.MigrationFixture.request;
import static io.vfmigrate.testing.MigrationFixture.vf;
import static io.vfmigrate.testing.MigrationFixture.vm;
import static io.vfmigrate.testing.TestLab.nic;
import static org.assertj.core.api.Assertions.assertThat;

import io.vfmigrate.host.Fleet;
import io.vfmigrate.lab.Lab;
import io.vfmigrate.lab.state.HostSpec;
import io.vfmigrate.lab.state.InterfaceSpec;
import io.vfmigrate.lab.state.VfSpec;
import io.vfmigrate.lab.state.VmSpec;
import io.vfmigrate.model.ByteSize;
import io.vfmigrate.model.PciAddress;
import io.vfmigrate.testing.MigrationFixture;
import io.vfmigrate.testing.TestLab;
import io.vfmigrate.workflow.claims.Acquisition;
import io.vfmigrate.workflow.claims.ClaimLiveness;
import io.vfmigrate.workflow.claims.ClaimOwner;
import io.vfmigrate.workflow.claims.ClaimRequest;
import io.vfmigrate.workflow.claims.Claimant;
import io.vfmigrate.workflow.claims.Claims;
import io.vfmigrate.workflow.claims.ControlProcess;
import io.vfmigrate.workflow.claims.ProcessTable;
import io.vfmigrate.workflow.event.Event;
import io.vfmigrate.workflow.event.EventSink;
import io.vfmigrate.workflow.event.RecordingEventSink;
import io.vfmigrate.workflow.verify.Verify;
import io.vfmigrate.workflow.verify.VerifyReport;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MigrateTest {
  private static final long VF_STATE = 300_000_000L + 30_000_000L;

  private final RecordingEventSink events = new RecordingEventSink();

  private MigrationResult migrate(Lab lab, MigrateRequest request) {
    return MigrationFixture.migrate(lab, request, events);
  }

  @Test
  void aPreparedVmMigratesWithHonestStatisticsAndWorksOnTheDestination() {
    Lab lab = ready();
    String mac = hostdev(vm(lab, "src")).mac;
    MigrationResult r = migrate(lab, request());

    assertThat(r.outcome()).as(r.toString()).isEqualTo(MigrationOutcome.MIGRATED);
    assertThat(r.deviceStateBytes()).contains(VF_STATE);
    assertThat(r.ramBytes().orElseThrow()).isGreaterThanOrEqualTo(ByteSize.parse("8GiB").bytes());
    assertThat(r.downtimeMs().orElseThrow()).isPositive().isLessThan(r.totalTimeMs());
    assertThat(r.unknownWhy()).isEmpty();
    assertThat(r.libvirtReportedBytes().orElseThrow())
        .isLessThan(r.ramBytes().orElseThrow() + VF_STATE);
    assertThat(r.verified()).contains(true);

    assertThat(vm(lab, "src")).isNull();
    VmSpec moved = vm(lab, "dst");
    assertThat(moved.state).isEqualTo("running");
    InterfaceSpec iface = hostdev(moved);
    assertThat(iface.mac).isEqualTo(mac);
    assertThat(r.vfMapping().values()).extracting(Object::toString).containsExactly(iface.pci);
    VfSpec srcVf = vf(lab, "src", r.vfMapping().keySet().iterator().next().toString());
    assertThat(srcVf.driver).isEqualTo("pci-stub");
    assertThat(srcVf.migratable).isTrue();
    assertThat(events.eventsOf(Event.Progress.class)).isNotEmpty();

    VerifyReport verify =
        new Verify(TestLab.fleet(lab, EventSink.none()), EventSink.none())
            .run("vm1", Optional.empty(), Optional.empty());
    assertThat(verify.ok()).as(verify.problems().toString()).isTrue();
    assertThat(verify.host()).isEqualTo("dst");
  }

  @Test
  void aDowntimeNobodyReportedIsUnknownNotZeroAndTheResultSaysWhy() {
    Lab lab = ready();
    io.vfmigrate.lab.state.FaultSpec fault = new io.vfmigrate.lab.state.FaultSpec();
    fault.command = "virsh domjobinfo vm1 --completed";
    fault.stderr = "error: failed to get domain 'vm1'\n";
    fault.times = 2;
    lab.hostSpec("dst").faults.add(fault);

    MigrationResult r = migrate(lab, request());

    assertThat(r.outcome()).as(r.toString()).isEqualTo(MigrationOutcome.MIGRATED);
    assertThat(r.downtimeMs()).isEmpty();
    assertThat(r.unknownWhy().orElseThrow())
        .startsWith("downtime: virsh domjobinfo --completed on dst failed: ")
        .contains("failed to get domain 'vm1'");
    // The device state was still seen while the migration ran.
    assertThat(r.deviceStateBytes()).isPresent();
  }

  @Test
  void completedStatisticsWithoutADowntimeLeaveItUnknown() {
    Lab lab = ready();
    io.vfmigrate.lab.state.FaultSpec fault = new io.vfmigrate.lab.state.FaultSpec();
    fault.command = "virsh domjobinfo vm1 --completed";
    fault.exitCode = 0;
    fault.stdout = "Job type: 3\n\noperation: 4\ntime_elapsed: 976\nmemory_processed: 105269330\n";
    fault.times = 2;
    lab.hostSpec("dst").faults.add(fault);

    MigrationResult r = migrate(lab, request());

    assertThat(r.outcome()).as(r.toString()).isEqualTo(MigrationOutcome.MIGRATED);
    assertThat(r.downtimeMs()).isEmpty();
    assertThat(r.unknownWhy())
        .contains("downtime: libvirt's completed job statistics on dst have no 'downtime'");
  }

  @Test
  void aLargeVmMigratesInVirtualTime() {
    Lab lab = ready(spec -> spec.hosts.get("src").vms.get(0).memory = "16GiB", true);
    MigrationResult r = migrate(lab, request());
    assertThat(r.outcome()).isEqualTo(MigrationOutcome.MIGRATED);
    assertThat(r.ramBytes().orElseThrow()).isGreaterThanOrEqualTo(16L << 30);
    // How fast in wall time: vfmigrate lab bench prints it.
  }

  private void assertRefused(Lab lab, MigrateRequest request, String guard) {
    String before = io.vfmigrate.testing.MigrationFixture.unchanged(lab.spec());
    MigrationResult r = migrate(lab, request);
    assertThat(r.outcome()).as(r.toString()).isEqualTo(MigrationOutcome.REFUSED);
    assertThat(r.refusals()).extracting(Refusal::guard).contains(guard);
    assertThat(r.refusals()).allSatisfy(f -> assertThat(f.fix()).isNotBlank());
    assertThat(io.vfmigrate.testing.MigrationFixture.unchanged(lab.spec()))
        .as("nothing changed")
        .isEqualTo(before);
    assertThat(vm(lab, "src").state).isEqualTo("running");
    assertThat(vm(lab, "dst")).isNull();
  }

  @Test
  void postcopyIsRefused() {
    assertRefused(ready(), asking().postcopy(true).build(), "postcopy");
  }

  @Test
  void aVmWithAVirtualIommuIsRefused() {
    assertRefused(
        ready(spec -> spec.hosts.get("src").vms.get(0).viommu = true, true), request(), "viommu");
  }

  @Test
  void aDestinationWithoutAFreePreparedVfIsRefused() {
    assertRefused(ready(spec -> {}, false), request(), "destination-vf");
  }

  @Test
  void aDestinationWithOtherFirmwareIsRefused() {
    assertRefused(
        ready(spec -> nic(spec, "dst").firmware = "28.41.1000", true), request(), "firmware-match");
  }

  @Test
  void aVmThatNeverConvergesIsRolledBackAndKeepsItsVf() {
    Lab lab =
        ready(
            spec -> {
              spec.hosts.get("src").vms.get(0).dirtyRate = "20GiB/s";
            },
            true);
    String vf = hostdev(vm(lab, "src")).pci;
    MigrationResult r = migrate(lab, asking().timeout(Duration.ofSeconds(60)).build());

    assertThat(r.outcome()).as(r.toString()).isEqualTo(MigrationOutcome.ROLLED_BACK);
    VmSpec stayed = vm(lab, "src");
    assertThat(stayed.state).isEqualTo("running");
    assertThat(hostdev(stayed).pci).isEqualTo(vf);
    assertThat(vf(lab, "src", vf).driver).isEqualTo("mlx5_vfio_pci");
    assertThat(vm(lab, "dst")).isNull();
    HostSpec dst = lab.hostSpec("dst");
    VfSpec claimed = dst.nics.get(0).vfs.get(0);
    assertThat(claimed.driver)
        .as("the claim is released: the VF is free and prepared")
        .isEqualTo("pci-stub");
    assertThat(claimed.migratable).isTrue();
    assertThat(events.eventsOf(Event.Info.class))
        .anySatisfy(i -> assertThat(i.message()).contains("allowed downtime raised to 500 ms"));
  }

  @Test
  void aToolThatFailsDuringTheGuardsIsARefusalInItsOwnWords() {
    Lab lab = ready();
    io.vfmigrate.lab.state.FaultSpec fault = new io.vfmigrate.lab.state.FaultSpec();
    fault.command = "virsh dumpxml vm1 --migratable";
    fault.stderr = "error: internal error: cannot format the domain\n";
    lab.hostSpec("src").faults.add(fault);

    MigrationResult r = migrate(lab, request());

    assertThat(r.outcome()).as(r.toString()).isEqualTo(MigrationOutcome.REFUSED);
    assertThat(r.refusals())
        .singleElement()
        .satisfies(
            x -> {
              assertThat(x.guard()).isEqualTo("tool-failed");
              assertThat(x.reason()).contains("cannot format the domain");
              assertThat(x.fix()).isNotBlank();
            });
    assertThat(vm(lab, "src").state).isEqualTo("running");
    assertThat(lab.hostSpec("dst").files).as("nothing claimed").isEmpty();
  }

  @Test
  void anAbortThatComesTooLateIsReportedAsTheMigrationItBecame() {
    Lab lab = ready();
    io.vfmigrate.lab.state.FaultSpec fault = new io.vfmigrate.lab.state.FaultSpec();
    fault.command = "virsh domjobabort vm1";
    fault.stderr = "error: Timed out during operation: cannot acquire state change lock\n";
    lab.hostSpec("src").faults.add(fault);
    MigrationResult r = migrate(lab, asking().timeout(Duration.ofSeconds(1)).verify(false).build());

    assertThat(r.outcome()).as(r.toString()).isEqualTo(MigrationOutcome.MIGRATED);
    assertThat(vm(lab, "src")).isNull();
    assertThat(vm(lab, "dst").state).isEqualTo("running");
    assertThat(events.eventsOf(Event.Warning.class))
        .anySatisfy(w -> assertThat(w.message()).contains("the abort came too late"));
    assertThat(lab.hostSpec("dst").files).as("no claim is left").isEmpty();
  }

  @Test
  void verifyFailsWhenTheDestinationBridgeLacksTheRepresentor() {
    Lab lab = ready();
    migrate(lab, asking().verify(false).build());
    List<String> ports = lab.hostSpec("dst").ovs.bridges.get("br-vf");
    ports.removeIf(p -> p.contains("npf0vf"));
    VerifyReport verify =
        new Verify(TestLab.fleet(lab, EventSink.none()), EventSink.none())
            .run("vm1", Optional.of("dst"), Optional.empty());
    assertThat(verify.ok()).isFalse();
    assertThat(verify.problems()).anySatisfy(p -> assertThat(p).contains("100% packet loss"));
  }

  @Test
  void aDryRunShowsTheRewrittenXmlAndChangesNothing() {
    Lab lab = ready();
    MigrationResult r = migrate(lab, asking().dryRun(true).build());
    assertThat(r.outcome()).isEqualTo(MigrationOutcome.PLANNED);
    assertThat(r.commands())
        .anySatisfy(
            c ->
                assertThat(c)
                    .startsWith(
                        "virsh migrate --live --persistent --undefinesource --verbose --xml"));
    assertThat(r.rewrittenXml()).contains("hostdev");
    assertThat(vm(lab, "src").state).isEqualTo("running");
  }

  /** Claims judged against a fake process table: pid 4242 (this run) and 7 run, others do not. */
  private static final ProcessTable PROCESSES =
      pid ->
          pid == 4242 || pid == 7
              ? Optional.of(new ProcessTable.RunningProcess(pid, Optional.empty()))
              : Optional.empty();

  private static final Claims CLAIMS =
      new Claims(new ClaimLiveness("ctl-test", PROCESSES, op -> false));

  private MigrationResult migrateClaiming(Lab lab, MigrateRequest request) {
    Claimant claimant =
        new Claimant(
            CLAIMS, new ControlProcess("ctl-test", 4242, Clock.systemUTC()), "migrate-4242-1");
    return new Migrate(TestLab.fleet(lab, events), events, new Cancellation(), claimant)
        .run(request);
  }

  private static void claim(Lab lab, ClaimRequest request, String operation, long pid) {
    Fleet fleet = TestLab.fleet(lab, EventSink.none());
    assertThat(
            CLAIMS.acquire(
                fleet, List.of(request), new ClaimOwner(operation, "ctl-test", pid, Instant.now())))
        .isInstanceOf(Acquisition.Acquired.class);
  }

  private static final PciAddress DST_VF = PciAddress.parse("0000:e1:00.1");

  @Test
  void aVfClaimedByAnotherMigrationIsNotTakenAndClaimsAreReleased() {
    Lab lab = ready();
    claim(lab, ClaimRequest.vf("dst", DST_VF), "migrate-7-1", 7);

    MigrationResult refused = migrateClaiming(lab, request());
    assertThat(refused.outcome()).isEqualTo(MigrationOutcome.REFUSED);
    assertThat(refused.refusals())
        .filteredOn(f -> f.guard().equals("destination-vf"))
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.reason())
                  .contains(
                      "0 free prepared VFs",
                      "/run/vfmigrate/claims/0000:e1:00.1",
                      "migrate-7-1 on ctl-test, pid 7",
                      "(live)");
              assertThat(f.fix()).contains("wait for migrate-7-1 (pid 7) to finish");
            });

    lab.hostSpec("dst").files.clear();
    MigrationResult done = migrateClaiming(lab, request());
    assertThat(done.outcome()).isEqualTo(MigrationOutcome.MIGRATED);
    assertThat(lab.hostSpec("dst").files.keySet())
        .as("no claim is left behind")
        .noneMatch(f -> f.startsWith(Claims.ROOT));
    assertThat(lab.hostSpec("src").files.keySet()).noneMatch(f -> f.startsWith(Claims.ROOT));
  }

  @Test
  void aVfClaimLeftByAKilledRunIsNamedStaleWithTheRecoverFix() {
    Lab lab = ready();
    claim(lab, ClaimRequest.vf("dst", DST_VF), "migrate-99-1", 99);

    MigrationResult refused = migrateClaiming(lab, request());
    assertThat(refused.outcome()).isEqualTo(MigrationOutcome.REFUSED);
    Refusal vf =
        refused.refusals().stream()
            .filter(f -> f.guard().equals("destination-vf"))
            .findFirst()
            .orElseThrow();
    assertThat(vf.reason()).contains("migrate-99-1 on ctl-test, pid 99", "(stale)");
    assertThat(vf.fix()).startsWith("vfmigrate recover");
  }

  @Test
  void theMigrationTakesASlotOfEachPfAndIsRefusedWhenAllFourAreTaken() {
    Lab lab = ready();
    PciAddress pf = PciAddress.parse(nic(lab.spec(), "src").pci);
    for (int i = 1; i <= 4; i++) {
      claim(lab, ClaimRequest.slot("src", pf), "migrate-7-" + i, 7);
    }

    MigrationResult refused = migrateClaiming(lab, request());
    assertThat(refused.outcome()).isEqualTo(MigrationOutcome.REFUSED);
    assertThat(refused.refusals())
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.guard()).isEqualTo("vfs-per-pf");
              assertThat(f.reason())
                  .contains("all 4 migration slots of PF " + pf + " on src are taken")
                  .contains("migrate-7-1", "migrate-7-4", "(live)");
            });
    assertThat(lab.hostSpec("dst").files.keySet())
        .as("the destination VF claim taken first is released")
        .noneMatch(f -> f.startsWith(Claims.ROOT));
    assertThat(vm(lab, "src").state).isEqualTo("running");
  }
}
