package io.vfmigrate.workflow.preflight;

import static io.vfmigrate.testing.TestLab.host;
import static io.vfmigrate.workflow.preflight.Findings.assertCouldNotCheck;
import static io.vfmigrate.workflow.preflight.Findings.assertFinding;
import static io.vfmigrate.workflow.preflight.Findings.find;
import static org.assertj.core.api.Assertions.assertThat;

import io.vfmigrate.host.Command;
import io.vfmigrate.host.CommandResult;
import io.vfmigrate.host.Fleet;
import io.vfmigrate.host.Host;
import io.vfmigrate.host.HostClock;
import io.vfmigrate.host.HostException;
import io.vfmigrate.host.RunningCommand;
import io.vfmigrate.lab.Lab;
import io.vfmigrate.lab.LabInventory;
import io.vfmigrate.lab.state.FaultSpec;
import io.vfmigrate.model.Finding;
import io.vfmigrate.model.FindingStatus;
import io.vfmigrate.model.VfmigrateException;
import io.vfmigrate.testing.CountingHost;
import io.vfmigrate.testing.TestLab;
import io.vfmigrate.workflow.claims.ClaimFile;
import io.vfmigrate.workflow.claims.ClaimKind;
import io.vfmigrate.workflow.claims.ClaimLiveness;
import io.vfmigrate.workflow.claims.ClaimOwner;
import io.vfmigrate.workflow.claims.Claims;
import io.vfmigrate.workflow.event.Event;
import io.vfmigrate.workflow.event.EventSink;
import io.vfmigrate.workflow.event.RecordingEventSink;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * How preflight runs: an unreachable host is one finding, each host fact is read once and a fact
 * that cannot be read fails every check that needs it, the VM is looked for on every host, the
 * subset of checks a migration needs, and the stale-claims report.
 */
class PreflightRunTest {
  /** A host whose SSH connection fails: every call throws. */
  private static final class DownHost implements Host {
    private final String name;
    private final String fix;

    DownHost(String name, String fix) {
      this.name = name;
      this.fix = fix;
    }

    private HostException down() {
      return new HostException("ssh: connect to host 192.0.2.12 port 22: Connection refused", fix);
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public CommandResult run(Command command) {
      throw down();
    }

    @Override
    public RunningCommand start(Command command) {
      throw down();
    }

    @Override
    public String readFile(String path) {
      throw down();
    }

    @Override
    public void writeFile(String path, String content) {
      throw down();
    }

    @Override
    public List<String> listDirectory(String path) {
      throw down();
    }

    @Override
    public Optional<String> readLink(String path) {
      throw down();
    }

    @Override
    public boolean exists(String path) {
      throw down();
    }

    @Override
    public String createTempFile(String prefix, String content) {
      throw down();
    }

    @Override
    public boolean createExclusive(String path, String content) {
      throw down();
    }

    @Override
    public void deleteFile(String path) {
      throw down();
    }

    @Override
    public HostClock clock() {
      throw down();
    }
  }

  private static Fleet withDst(Lab lab, String fix) {
    return LabInventory.fleet(lab, h -> h.name().equals("dst") ? new DownHost("dst", fix) : h);
  }

  @Test
  void anUnreachableHostIsOneFindingAndItsChecksAreSkipped() {
    RecordingEventSink events = new RecordingEventSink();
    PreflightReport r =
        new Preflight(withDst(TestLab.defaultLab(), ""), events)
            .run(List.of("src", "dst"), Optional.of("vm1"));
    assertFinding(
        find(r, Preflight.HOST_REACHABLE, "dst"),
        FindingStatus.FAIL,
        "cannot run commands on dst: ssh: connect to host 192.0.2.12 port 22: Connection refused",
        "check the host's entry in the inventory");
    assertThat(r.findings()).filteredOn(f -> f.host().contains("dst")).hasSize(1);
    assertThat(r.ok()).isFalse();
    // src is checked in full, and its VM found there.
    assertThat(find(r, "qemu-version", "src").status()).isEqualTo(FindingStatus.PASS);
    assertFinding(find(r, "vm-found", "src"), FindingStatus.PASS, "vm1 is defined on src", "");
    assertThat(events.eventsOf(Event.StepStarted.class))
        .containsExactly(new Event.StepStarted("src", "checking prerequisites"));
    assertThat(events.eventsOf(Event.FindingReported.class))
        .extracting(Event.FindingReported::finding)
        .containsExactlyElementsOf(r.findings());
  }

  @Test
  void theTransportsOwnFixIsKept() {
    PreflightReport r =
        new Preflight(withDst(TestLab.defaultLab(), "check that sshd runs on dst"), e -> {})
            .run(List.of("dst"), Optional.empty());
    assertThat(find(r, Preflight.HOST_REACHABLE, "dst").fix())
        .isEqualTo("check that sshd runs on dst");
  }

  @Test
  void everyHostIsCheckedAndEveryPairInBothDirections() {
    RecordingEventSink events = new RecordingEventSink();
    PreflightReport r =
        new Preflight(TestLab.fleet(TestLab.defaultLab(), EventSink.none()), events)
            .run(List.of(), Optional.empty());
    assertThat(events.eventsOf(Event.StepStarted.class))
        .containsExactly(
            new Event.StepStarted("src", "checking prerequisites"),
            new Event.StepStarted("dst", "checking prerequisites"));
    assertThat(r.findings().stream().filter(f -> f.host().equals("src,dst")).map(Finding::id))
        .containsExactly(
            "firmware-match",
            "psid-match",
            "switchover-ack",
            "host-uuid-distinct",
            "libvirt-reachable",
            "migration-port");
    assertThat(r.findings().stream().filter(f -> f.host().equals("dst,src")).map(Finding::id))
        .containsExactly("libvirt-reachable", "migration-port");
    assertThat(r.count(FindingStatus.FAIL)).isZero();
    assertThat(r.count(FindingStatus.WARN)).isEqualTo(2); // firmware below NVIDIA's, both hosts
    assertThat(r.count(FindingStatus.PASS)).isEqualTo(r.findings().size() - 2);
  }

  @Test
  void onlyTheNamedHostChecksRunBesideThePairChecks() {
    PreflightReport r =
        Preflight.only(
                TestLab.fleet(TestLab.defaultLab(), EventSink.none()),
                EventSink.none(),
                Set.of("qemu-version", "libvirt-running"))
            .run(List.of("src", "dst"), Optional.empty());
    assertThat(r.findings().stream().filter(f -> f.host().equals("src")).map(Finding::id))
        .containsExactly("qemu-version", "libvirt-running");
    assertThat(r.findings().stream().filter(f -> f.host().equals("dst")).map(Finding::id))
        .containsExactly("qemu-version", "libvirt-running");
  }

  /** The host checks' finding ids, in the order preflight reports them. */
  private static final List<String> HOST_IDS =
      List.of(
          "nic-model",
          "firmware-version",
          "mstflint-installed",
          "vf-migration-mode",
          "openvswitch-installed",
          "iommu-enabled",
          "sriov-capable",
          "vfio-variant-driver",
          "devlink-migratable",
          "qemu-version",
          "libvirt-running",
          "libvirt-version",
          "stale-claims");

  @Test
  void everyHostCheckRunsAloneByItsFindingId() {
    Fleet fleet = TestLab.fleet(TestLab.defaultLab(), EventSink.none());
    assertThat(
            new Preflight(fleet, EventSink.none()).run(List.of("dst"), Optional.empty()).findings())
        .extracting(Finding::id)
        .containsExactlyElementsOf(HOST_IDS);
    for (String id : HOST_IDS) {
      assertThat(
              Preflight.only(fleet, EventSink.none(), Set.of(id))
                  .run(List.of("dst"), Optional.empty())
                  .findings())
          .extracting(Finding::id)
          .as(id)
          .containsExactly(id);
    }
  }

  @Test
  void factsThatCannotBeReadFailEachPrerequisiteByItsIdNeverPassIt() {
    Lab lab =
        TestLab.with(
            s -> {
              for (String q :
                  List.of("virsh capabilities", "virsh domcapabilities", "virsh nodememstats")) {
                host(s, "dst")
                    .faults
                    .add(
                        Findings.answer(
                            q, 1, "", "error: internal error: client socket is closed\n"));
              }
              host(s, "src")
                  .faults
                  .add(
                      Findings.answer(
                          "stat -f",
                          1,
                          "",
                          "stat: cannot read file system information for"
                              + " '/var/lib/libvirt/images/vm1.qcow2': Permission denied\n"));
              host(s, "dst").packages.put("firewalld", "1.3.4");
              host(s, "dst")
                  .faults
                  .add(
                      Findings.answer(
                          "firewall-cmd", 2, "", "Error: INVALID_ZONE: the default zone\n"));
            });
    PreflightReport r = Findings.of(lab, Optional.of("vm1"));
    assertCouldNotCheck(find(r, "host-uuid-distinct", "src,dst"), "client socket is closed");
    assertCouldNotCheck(find(r, "cpu-compatible", "src,dst"), "client socket is closed");
    assertCouldNotCheck(find(r, "machine-type", "src,dst"), "client socket is closed");
    assertCouldNotCheck(find(r, "destination-memory", "src,dst"), "client socket is closed");
    assertCouldNotCheck(find(r, "migration-port", "src,dst"), "INVALID_ZONE");
    assertCouldNotCheck(find(r, "storage", "src,dst"), "Permission denied");
  }

  // ---- each fact read once ----

  private static long count(List<String> log, String line) {
    return log.stream().filter(line::equals).count();
  }

  @Test
  void eachHostFactIsReadOnceHoweverManyChecksNeedIt() {
    List<String> log = CountingHost.newLog();
    Lab lab = TestLab.defaultLab();
    PreflightReport r =
        new Preflight(LabInventory.fleet(lab, h -> new CountingHost(h, log)), EventSink.none())
            .run(List.of("src", "dst"), Optional.of("vm1"));
    assertThat(r.ok()).isTrue();
    for (String h : List.of("src", "dst")) {
      assertThat(count(log, h + ": mstflint -d 0000:e1:00.0 q")).as(h).isEqualTo(1);
      assertThat(count(log, h + ": mstconfig -d 0000:e1:00.0 -e query VF_MIGRATION_MODE"))
          .as(h)
          .isEqualTo(1);
      assertThat(count(log, h + ": virsh version")).as(h).isEqualTo(1);
      assertThat(count(log, h + ": virsh capabilities")).as(h).isEqualTo(1);
      assertThat(count(log, h + ": rpm -q rpm")).as(h).isEqualTo(1);
      assertThat(count(log, h + ": devlink -j dev info pci/0000:e1:00.0")).as(h).isZero();
      assertThat(count(log, h + ": cat /sys/bus/pci/devices/0000:e1:00.0/vendor"))
          .as(h)
          .isEqualTo(1);
    }
    assertThat(log.stream().filter(l -> l.startsWith("dst: virsh domcapabilities"))).hasSize(1);
  }

  @Test
  void aToolThatFailsIsAskedOnceAndItsFallbackOnce() {
    List<String> log = CountingHost.newLog();
    Lab lab =
        TestLab.with(
            s -> {
              host(s, "src").packages.remove("mstflint");
              host(s, "dst").packages.remove("mstflint");
            });
    PreflightReport r =
        new Preflight(LabInventory.fleet(lab, h -> new CountingHost(h, log)), EventSink.none())
            .run(List.of("src", "dst"), Optional.empty());
    assertThat(find(r, "firmware-match", "src,dst").status()).isEqualTo(FindingStatus.PASS);
    for (String h : List.of("src", "dst")) {
      assertThat(count(log, h + ": mstflint -d 0000:e1:00.0 q")).as(h).isEqualTo(1);
      assertThat(count(log, h + ": devlink -j dev info pci/0000:e1:00.0")).as(h).isEqualTo(1);
    }
  }

  @Test
  void aMemoRemembersAFailureAndThrowsItAgainWithoutAskingAgain() {
    int[] asked = {0};
    Memo<String> memo =
        new Memo<>(
            () -> {
              asked[0]++;
              throw new VfmigrateException("mstflint: no such device", "load mlx5_core");
            });
    assertThat(memo.failed()).isTrue();
    VfmigrateException first =
        org.junit.jupiter.api.Assertions.assertThrows(VfmigrateException.class, memo::get);
    assertThat(first.getMessage()).isEqualTo("mstflint: no such device");
    assertThat(memo.failed()).isTrue();
    assertThat(asked[0]).isEqualTo(1);

    int[] read = {0};
    Memo<String> value = new Memo<>(() -> "v" + ++read[0]);
    assertThat(value.failed()).isFalse();
    assertThat(value.get()).isEqualTo("v1");
    assertThat(value.get()).isEqualTo("v1");
    assertThat(read[0]).isEqualTo(1);
  }

  // ---- the VM ----

  @Test
  void theVmIsFoundOnTheHostItIsOnEvenWhenAnotherHostsLibvirtIsDown() {
    Lab lab =
        TestLab.with(
            s -> {
              host(s, "dst").vms.add(host(s, "src").vms.remove(0));
              host(s, "src").services.put("libvirtd", "inactive");
            });
    PreflightReport r = Findings.of(lab, Optional.of("vm1"));
    assertFinding(find(r, "vm-found", "dst"), FindingStatus.PASS, "vm1 is defined on dst", "");
    assertFinding(find(r, "vm-no-viommu", "dst"), FindingStatus.PASS, "vm1 has no vIOMMU", "");
    // Its prerequisites are asked towards src, whose libvirt does not answer.
    assertThat(find(r, "destination-memory", "dst,src").status()).isEqualTo(FindingStatus.FAIL);
  }

  @Test
  void aVmThatIsNowhereFailsNamingEveryHostLookedAt() {
    PreflightReport r = Findings.of(TestLab.defaultLab(), Optional.of("vm9"));
    assertFinding(
        find(r, "vm-found", "src,dst"),
        FindingStatus.FAIL,
        "no host among src,dst has a domain named vm9",
        "check the name with: virsh list --all (on each host)");
    assertThat(r.findings()).extracting(Finding::id).doesNotContain("vm-no-viommu", "storage");
  }

  @Test
  void aVmNameThatIsNoDomainNameIsRefusedBeforeAnyHostIsAsked() {
    List<String> log = CountingHost.newLog();
    Preflight preflight =
        new Preflight(
            LabInventory.fleet(TestLab.defaultLab(), h -> new CountingHost(h, log)),
            EventSink.none());
    org.junit.jupiter.api.Assertions.assertThrows(
        VfmigrateException.class,
        () -> preflight.run(List.of("src", "dst"), Optional.of("vm1; reboot")));
    assertThat(log).isEmpty();
  }

  @Test
  void aVmWithAVirtualIommuFailsWithTheEditThatRemovesIt() {
    PreflightReport r =
        Findings.of(TestLab.with(s -> host(s, "src").vms.get(0).viommu = true), Optional.of("vm1"));
    assertFinding(
        find(r, "vm-no-viommu", "src"),
        FindingStatus.FAIL,
        "vm1 has a virtual IOMMU (<iommu> in its domain XML); a VF cannot migrate with it",
        "remove the <iommu> element: virsh edit vm1 (delete <iommu .../> under <devices>), then"
            + " shut the VM down and start it again");
  }

  @Test
  void aVmWhoseXmlCannotBeReadFailsEachOfItsPrerequisitesSayingWhy() {
    FaultSpec dumpxml =
        Findings.answer(
            "virsh dumpxml vm1", 1, "", "error: internal error: client socket is closed\n");
    dumpxml.skip = 1; // vm-no-viommu reads it first
    PreflightReport r =
        Findings.of(TestLab.with(s -> host(s, "src").faults.add(dumpxml)), Optional.of("vm1"));
    for (String id : List.of("cpu-compatible", "machine-type", "storage", "destination-memory")) {
      assertCouldNotCheck(find(r, id, "src"), "client socket is closed");
    }
    assertThat(r.findings())
        .filteredOn(f -> f.host().equals("src,dst"))
        .extracting(Finding::id)
        .doesNotContain("cpu-compatible", "storage");
  }

  @Test
  void aVmOnASingleCheckedHostHasNoMigrationPrerequisites() {
    PreflightReport r =
        new Preflight(TestLab.fleet(TestLab.defaultLab(), EventSink.none()), EventSink.none())
            .run(List.of("src"), Optional.of("vm1"));
    assertThat(find(r, "vm-found", "src").status()).isEqualTo(FindingStatus.PASS);
    assertThat(r.findings()).extracting(Finding::id).doesNotContainAnyElementsOf(Prerequisites.IDS);
  }

  @Test
  void aCheckThatCannotReadFailsWithTheToolsFixOrAGeneralOne() {
    assertFinding(
        Preflight.safely(
            "x",
            "h",
            () -> {
              throw new VfmigrateException("mstflint: cannot open device", "load mlx5_core");
            }),
        FindingStatus.FAIL,
        "could not check: mstflint: cannot open device",
        "load mlx5_core");
    assertFinding(
        Preflight.safely(
            "x",
            "h",
            () -> {
              throw new VfmigrateException("mstflint: cannot open device", " ");
            }),
        FindingStatus.FAIL,
        "could not check: mstflint: cannot open device",
        "see the error; run with --verbose to see the commands");
  }

  // ---- stale-claims ----

  private static final ClaimLiveness LIVENESS =
      new ClaimLiveness(
          "ctl-test",
          pid ->
              pid == 7
                  ? Optional.of(
                      new io.vfmigrate.workflow.claims.ProcessTable.RunningProcess(
                          pid, Optional.empty()))
                  : Optional.empty(),
          op -> false);

  private static void claim(Lab lab, ClaimKind kind, String key, String machine, long pid) {
    assertThat(
            lab.host("dst")
                .createExclusive(
                    Claims.path(kind, key),
                    ClaimFile.render(
                        kind,
                        key,
                        new ClaimOwner(
                            "migrate-" + pid + "-1",
                            machine,
                            pid,
                            Instant.parse("2026-12-03T07:00:00Z")))))
        .isTrue();
  }

  private static Finding staleClaims(Lab lab) {
    return find(
        new Preflight(TestLab.fleet(lab, EventSink.none()), EventSink.none(), LIVENESS)
            .run(List.of("dst"), Optional.empty()),
        "stale-claims",
        "dst");
  }

  @Test
  void oneStaleClaimIsNamedInTheSingular() {
    Lab lab = TestLab.defaultLab();
    claim(lab, ClaimKind.VF, "0000:e1:00.1", "ctl-test", 99);
    assertFinding(
        staleClaims(lab),
        FindingStatus.WARN,
        "1 stale claim: /run/vfmigrate/claims/0000:e1:00.1 (operation migrate-99-1, machine"
            + " ctl-test, pid 99, since 2026-12-03T07:00:00Z)",
        "vfmigrate recover (clears the stale claims of dead processes)");
  }

  @Test
  void aClaimOfAnotherMachineIsLiveForAllThisMachineKnows() {
    Lab lab = TestLab.defaultLab();
    claim(lab, ClaimKind.VF, "0000:e1:00.1", "ctl-other", 99);
    assertFinding(
        staleClaims(lab),
        FindingStatus.PASS,
        "no stale claims; live: /run/vfmigrate/claims/0000:e1:00.1 (operation migrate-99-1,"
            + " machine ctl-other, pid 99, since 2026-12-03T07:00:00Z, another machine)",
        "");
  }

  @Test
  void twoUnreadableClaimsAreNamedInThePluralAndLeftForALookByHand() {
    Lab lab = TestLab.defaultLab();
    lab.host("dst").createExclusive("/run/vfmigrate/macs/52-54-00-aa-bb-cc", "vm1 from src\n");
    lab.host("dst").createExclusive("/run/vfmigrate/macs/52-54-00-aa-bb-cd", "vm2 from src\n");
    Finding f = staleClaims(lab);
    assertThat(f.status()).isEqualTo(FindingStatus.WARN);
    assertThat(f.detail())
        .startsWith("2 unreadable claims: /run/vfmigrate/macs/52-54-00-aa-bb-cc (")
        .contains("; /run/vfmigrate/macs/52-54-00-aa-bb-cd (")
        .doesNotContain("stale");
    assertThat(f.fix())
        .doesNotContain("vfmigrate recover")
        .contains("inspect /run/vfmigrate/macs/52-54-00-aa-bb-cc on dst")
        .contains("inspect /run/vfmigrate/macs/52-54-00-aa-bb-cd on dst");
  }
}
