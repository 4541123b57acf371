package io.vfmigrate.workflow.migrate;

import static io.vfmigrate.testing.MigrationFixture.asking;
import static io.vfmigrate.testing.MigrationFixture.migrate;
import static org.assertj.core.api.Assertions.assertThat;

import io.vfmigrate.lab.Lab;
import io.vfmigrate.lab.state.CpuSpec;
import io.vfmigrate.lab.state.DiskSpec;
import io.vfmigrate.lab.state.FirewallSpec;
import io.vfmigrate.lab.state.LabSpec;
import io.vfmigrate.lab.state.VmSpec;
import io.vfmigrate.model.Finding;
import io.vfmigrate.testing.MigrationFixture;
import io.vfmigrate.testing.TestLab;
import io.vfmigrate.workflow.event.EventSink;
import io.vfmigrate.workflow.preflight.Preflight;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * Each general prerequisite fails in a lab scenario: {@code check --vm} reports it, and {@code
 * migrate} refuses with exit 3's outcome, nothing changed (no claim taken, VM untouched).
 */
class PrerequisiteGuardsTest {
  private static Lab ready(Consumer<LabSpec> scenario) {
    Lab lab = MigrationFixture.ready();
    lab.exclusive(() -> scenario.accept(lab.spec()));
    return lab;
  }

  private static VmSpec vm1(LabSpec spec) {
    return spec.hosts.get("src").vms.get(0);
  }

  private static MigrateRequest request(boolean dryRun) {
    return asking().dryRun(dryRun).build();
  }

  private static void refused(Consumer<LabSpec> scenario, String id) {
    Lab lab = ready(scenario);
    List<Finding> check =
        new Preflight(TestLab.fleet(lab, EventSink.none()), EventSink.none())
            .run(List.of("src", "dst"), Optional.of("vm1"))
            .findings();
    Finding reported =
        check.stream()
            .filter(f -> f.id().equals(id) && f.host().equals("src,dst"))
            .findFirst()
            .orElseThrow(() -> new AssertionError("check reports no " + id + ": " + check));
    assertThat(check)
        .filteredOn(f -> f.id().equals(id) && f.host().equals("src,dst"))
        .as("check reports " + id)
        .singleElement()
        .satisfies(f -> assertThat(f.failed()).as(f.toString()).isTrue());
    String before = io.vfmigrate.testing.MigrationFixture.unchanged(lab.spec());
    MigrationResult r = migrate(lab, request(false));
    assertThat(r.outcome()).as(r.toString()).isEqualTo(MigrationOutcome.REFUSED);
    assertThat(r.refusals()).extracting(Refusal::guard).contains(id);
    assertThat(r.refusals())
        .as("migrate refuses in check's own words")
        .contains(new Refusal(id, "src,dst: " + reported.detail(), reported.fix()));
    assertThat(r.refusals()).allSatisfy(f -> assertThat(f.fix()).isNotBlank());
    assertThat(io.vfmigrate.testing.MigrationFixture.unchanged(lab.spec()))
        .as("nothing changed, no claim")
        .isEqualTo(before);
    assertThat(vm1(lab.spec()).state).isEqualTo("running");
  }

  @Test
  void theDefaultLabPassesEveryPrerequisite() {
    Lab lab = ready(spec -> {});
    List<Finding> check =
        new Preflight(TestLab.fleet(lab, EventSink.none()), EventSink.none())
            .run(List.of("src", "dst"), Optional.of("vm1"))
            .findings();
    assertThat(check)
        .filteredOn(f -> io.vfmigrate.workflow.preflight.Prerequisites.IDS.contains(f.id()))
        .hasSizeGreaterThanOrEqualTo(7)
        .allSatisfy(f -> assertThat(f.status().name()).as(f.toString()).isEqualTo("PASS"));
  }

  @Test
  void sameHostUuid() {
    refused(
        spec -> {
          spec.hosts.get("src").uuid = "11111111-1111-4111-8111-111111111111";
          spec.hosts.get("dst").uuid = "11111111-1111-4111-8111-111111111111";
        },
        "host-uuid-distinct");
  }

  @Test
  void linkDownIsRefusedNamingLibvirtReachable() {
    refused(spec -> spec.link.up = false, "libvirt-reachable");
  }

  @Test
  void noSshTrustFromTheSource() {
    refused(spec -> spec.hosts.get("src").sshTrust = List.of(), "libvirt-reachable");
  }

  @Test
  void firewallWithoutTheMigrationPorts() {
    refused(
        spec -> {
          FirewallSpec fw = new FirewallSpec();
          fw.openPorts = List.of("22/tcp", "16509/tcp");
          spec.hosts.get("dst").firewall = fw;
        },
        "migration-port");
  }

  @Test
  void aCpuModelTheDestinationLacks() {
    refused(
        spec -> {
          CpuSpec cpu = new CpuSpec();
          cpu.mode = "custom";
          cpu.model = "SapphireRapids";
          cpu.features = List.of("avx512-bf16");
          vm1(spec).cpu = cpu;
        },
        "cpu-compatible");
  }

  @Test
  void hostPassthroughBetweenDifferentCpus() {
    refused(
        spec -> {
          CpuSpec cpu = new CpuSpec();
          cpu.vendor = "Intel";
          cpu.model = "Icelake-Server";
          cpu.features = List.of("vmx");
          spec.hosts.get("dst").cpu = cpu;
        },
        "cpu-compatible");
  }

  @Test
  void aMachineTypeTheDestinationLacks() {
    refused(spec -> vm1(spec).machine = "pc-q35-rhel10.2.0", "machine-type");
  }

  @Test
  void aDiskOnLocalStorage() {
    refused(spec -> vm1(spec).disks = List.of(localDisk()), "storage");
  }

  @Test
  void tooLittleMemoryOnTheDestination() {
    refused(spec -> spec.hosts.get("dst").memoryFree = "1GiB", "destination-memory");
  }

  private static void hugepages(LabSpec spec, long dstFree) {
    vm1(spec).hugepages = 2048L;
    spec.hosts.get("src").hugepages = new java.util.LinkedHashMap<>(java.util.Map.of(2048L, 0L));
    spec.hosts.get("dst").hugepages =
        new java.util.LinkedHashMap<>(java.util.Map.of(2048L, dstFree));
  }

  private static Finding destinationMemory(Lab lab) {
    return new Preflight(TestLab.fleet(lab, EventSink.none()), EventSink.none())
        .run(List.of("src", "dst"), Optional.of("vm1")).findings().stream()
            .filter(f -> f.id().equals("destination-memory"))
            .findFirst()
            .orElseThrow();
  }

  @Test
  void tooFewHugepagesOnTheDestination() {
    // vm1 has 8 GiB backed by 2 MiB pages: 4096 of them; dst has plenty of ordinary memory.
    refused(spec -> hugepages(spec, 1000), "destination-memory");
    Finding f = destinationMemory(ready(spec -> hugepages(spec, 1000)));
    assertThat(f.detail()).contains("dst has 1000 free 2048 KiB hugepages").contains("needs 4096");
    assertThat(f.fix()).contains("/sys/kernel/mm/hugepages/hugepages-2048kB/nr_hugepages");
  }

  @Test
  void enoughHugepagesPassAndTheMigrationMovesThem() {
    Lab lab = ready(spec -> hugepages(spec, 5000));
    Finding f = destinationMemory(lab);
    assertThat(f.status().name()).as(f.toString()).isEqualTo("PASS");
    assertThat(f.detail()).contains("dst has 5000 free 2048 KiB hugepages; needs 4096");
    MigrationResult r = migrate(lab, request(false));
    assertThat(r.outcome()).as(r.toString()).isEqualTo(MigrationOutcome.MIGRATED);
    assertThat(lab.spec().hosts.get("dst").hugepages).containsEntry(2048L, 904L);
    assertThat(lab.spec().hosts.get("src").hugepages).containsEntry(2048L, 4096L);
  }

  @Test
  void copyStorageAllLetsALocalDiskPass() {
    Lab lab = ready(spec -> vm1(spec).disks = List.of(localDisk()));
    MigrationResult r = migrate(lab, asking().dryRun(true).copyStorageAll(true).build());
    assertThat(r.outcome()).as(r.toString()).isEqualTo(MigrationOutcome.PLANNED);
    assertThat(r.commands()).anySatisfy(c -> assertThat(c).contains("--copy-storage-all"));
  }

  @Test
  void anUnsafeCacheModeIsAWarningNotARefusal() {
    Lab lab =
        ready(
            spec -> {
              DiskSpec d = new DiskSpec();
              d.source = "/var/lib/libvirt/images/vm1.qcow2";
              d.cache = "writeback";
              vm1(spec).disks = List.of(d);
            });
    List<Finding> check =
        new Preflight(TestLab.fleet(lab, EventSink.none()), EventSink.none())
            .run(List.of("src", "dst"), Optional.of("vm1"))
            .findings();
    assertThat(check)
        .filteredOn(f -> f.id().equals("storage"))
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.status().name()).isEqualTo("WARN");
              assertThat(f.detail()).contains("vda cache=writeback");
            });
    MigrationResult r = migrate(lab, request(true));
    assertThat(r.outcome()).as(r.toString()).isEqualTo(MigrationOutcome.PLANNED);
  }

  private static DiskSpec localDisk() {
    DiskSpec d = new DiskSpec();
    d.source = "/var/lib/libvirt/images/vm1.qcow2";
    d.shared = false;
    return d;
  }
}
