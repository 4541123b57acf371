package io.vfmigrate.workflow.preflight;

import static io.vfmigrate.testing.TestLab.host;
import static io.vfmigrate.workflow.preflight.Findings.assertFinding;
import static io.vfmigrate.workflow.preflight.Findings.find;
import static org.assertj.core.api.Assertions.assertThat;

import io.vfmigrate.host.InventoryEntry;
import io.vfmigrate.host.ManagedHost;
import io.vfmigrate.lab.Lab;
import io.vfmigrate.lab.state.CpuSpec;
import io.vfmigrate.lab.state.DiskSpec;
import io.vfmigrate.lab.state.FaultSpec;
import io.vfmigrate.lab.state.FirewallSpec;
import io.vfmigrate.lab.state.LabSpec;
import io.vfmigrate.lab.state.VmSpec;
import io.vfmigrate.model.Finding;
import io.vfmigrate.model.FindingStatus;
import io.vfmigrate.model.GuestRequirements;
import io.vfmigrate.testing.TestLab;
import io.vfmigrate.tools.virsh.Virsh;
import io.vfmigrate.workflow.event.EventSink;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * The general migration prerequisites, with exact details and fixes at their boundaries: the
 * migration ports (all, some, none open), memory and hugepages (exactly enough, one short), host
 * UUIDs, CPU, machine type and storage.
 */
class PrerequisiteChecksTest {
  private static VmSpec vm1(LabSpec spec) {
    return spec.hosts.get("src").vms.get(0);
  }

  private static Finding vmFinding(Consumer<LabSpec> scenario, String id) {
    return find(Findings.of(TestLab.with(scenario), Optional.of("vm1")), id, "src,dst");
  }

  private static PrereqFacts facts(Lab lab, String host) {
    return new PrereqFacts(TestLab.fleet(lab, EventSink.none()).get(host));
  }

  /** vm1 as the lab's libvirt describes it, edited. */
  private static GuestFacts vm1Xml(Lab lab, UnaryOperator<String> edit, boolean copyStorage) {
    String xml = edit.apply(new Virsh(lab.host("src")).dumpxml("vm1").toXml());
    return new GuestFacts("vm1", xml, GuestRequirements.of(xml), copyStorage);
  }

  // ---- migration-port ----

  private static Consumer<LabSpec> dstFirewall(String... open) {
    return spec -> {
      FirewallSpec fw = new FirewallSpec();
      fw.openPorts = List.of(open);
      spec.hosts.get("dst").firewall = fw;
    };
  }

  private static final String OPEN_RANGE =
      "on dst: firewall-cmd --permanent --add-port=49152-49215/tcp && firewall-cmd --reload";

  @Test
  void aHostWithoutFirewalldHasNothingThatFilters() {
    assertFinding(
        find(Findings.of(s -> {}), "migration-port", "src,dst"),
        FindingStatus.PASS,
        "dst has no firewalld; nothing filters TCP ports 49152-49215",
        "");
  }

  @Test
  void firewalldInstalledButStoppedFiltersNothing() {
    assertFinding(
        find(
            Findings.of(s -> host(s, "dst").packages.put("firewalld", "1.3.4")),
            "migration-port",
            "src,dst"),
        FindingStatus.PASS,
        "firewalld does not run on dst",
        "");
  }

  @Test
  void theWholeRangeOpenPasses() {
    assertFinding(
        find(Findings.of(dstFirewall("22/tcp", "49152-49215/tcp")), "migration-port", "src,dst"),
        FindingStatus.PASS,
        "dst's firewall lets TCP ports 49152-49215 in",
        "");
  }

  @Test
  void allButTheLastPortOpenWarns() {
    assertFinding(
        find(Findings.of(dstFirewall("49152-49214/tcp")), "migration-port", "src,dst"),
        FindingStatus.WARN,
        "dst's firewall (firewalld, default zone) opens 63 of TCP ports 49152-49215, where QEMU on"
            + " dst listens for the migration stream from src; concurrent migrations need more",
        OPEN_RANGE);
  }

  @Test
  void justTheFirstAndLastPortOpenWarnWithTheirCount() {
    assertFinding(
        find(
            Findings.of(dstFirewall("49152/tcp", "49215/tcp", "49216/tcp", "49151/tcp")),
            "migration-port",
            "src,dst"),
        FindingStatus.WARN,
        "dst's firewall (firewalld, default zone) opens 2 of TCP ports 49152-49215, where QEMU on"
            + " dst listens for the migration stream from src; concurrent migrations need more",
        OPEN_RANGE);
  }

  @Test
  void noMigrationPortOpenFailsInTheDirectionThatNeedsIt() {
    PreflightReport r = Findings.of(dstFirewall("22/tcp", "49216-49300/tcp", "49200/udp"));
    assertFinding(
        find(r, "migration-port", "src,dst"),
        FindingStatus.FAIL,
        "dst's firewall (firewalld, default zone) opens none of TCP ports 49152-49215, where QEMU"
            + " on dst listens for the migration stream from src",
        OPEN_RANGE);
    // The other direction lands on src, which has no firewalld.
    assertFinding(
        find(r, "migration-port", "dst,src"),
        FindingStatus.PASS,
        "src has no firewalld; nothing filters TCP ports 49152-49215",
        "");
  }

  private static ManagedHost withMigrateUri(ManagedHost m, String uri) {
    InventoryEntry e = m.entry();
    InventoryEntry fixed =
        new InventoryEntry(
            e.name(),
            e.connection(),
            e.address(),
            e.pf(),
            e.libvirtUri(),
            e.bridge(),
            e.pingTarget(),
            e.identityFile(),
            Optional.of(uri),
            e.env(),
            e.emulatedHardware(),
            e.knownHosts(),
            e.acceptNewHostKey());
    return new ManagedHost(fixed, m.host());
  }

  private static Finding portTo(Lab lab, String migrateUri) {
    var fleet = TestLab.fleet(lab, EventSink.none());
    return new MigrationPortCheck()
        .check(
            new PrereqFacts(fleet.get("src")),
            new PrereqFacts(withMigrateUri(fleet.get("dst"), migrateUri)));
  }

  @Test
  void aFixedMigrationPortIsTheOnlyPortThatMustBeOpen() {
    Lab lab = TestLab.with(dstFirewall("49200/tcp"));
    assertFinding(
        portTo(lab, "tcp://10.99.0.2:49200"),
        FindingStatus.PASS,
        "dst's firewall lets TCP port 49200 in",
        "");
    assertFinding(
        portTo(lab, "tcp://10.99.0.2:49201"),
        FindingStatus.FAIL,
        "dst's firewall (firewalld, default zone) opens none of TCP port 49201, where QEMU on dst"
            + " listens for the migration stream from src",
        "on dst: firewall-cmd --permanent --add-port=49201/tcp && firewall-cmd --reload");
    // Without a port in the URI, libvirt's range applies.
    assertThat(portTo(lab, "tcp://10.99.0.2").detail())
        .isEqualTo(
            "dst's firewall (firewalld, default zone) opens 1 of TCP ports 49152-49215, where QEMU"
                + " on dst listens for the migration stream from src; concurrent migrations need"
                + " more");
  }

  @Test
  void theMigrationUriPortIsReadFromTheUri() {
    assertThat(MigrationPortCheck.port("tcp://10.99.0.2:49200")).contains(49200);
    assertThat(MigrationPortCheck.port("tcp://10.99.0.2")).isEmpty();
    assertThat(MigrationPortCheck.port("tcp://10.99.0.2:0")).isEmpty();
    assertThat(MigrationPortCheck.port("tcp://10.99.0.2:1")).contains(1);
    assertThat(MigrationPortCheck.port("tcp://[bad")).isEmpty();
  }

  // ---- host-uuid-distinct, libvirt-reachable ----

  @Test
  void hostUuidsThatDifferPassNamingBoth() {
    assertFinding(
        find(
            Findings.of(
                s -> {
                  host(s, "src").uuid = "11111111-1111-4111-8111-111111111111";
                  host(s, "dst").uuid = "22222222-2222-4222-8222-222222222222";
                }),
            "host-uuid-distinct",
            "src,dst"),
        FindingStatus.PASS,
        "libvirt host UUIDs differ (11111111-1111-4111-8111-111111111111,"
            + " 22222222-2222-4222-8222-222222222222)",
        "");
  }

  @Test
  void theSameHostUuidInAnotherCaseIsStillTheSame() {
    assertFinding(
        find(
            Findings.of(
                s -> {
                  host(s, "src").uuid = "aaaaaaaa-1111-4111-8111-111111111111";
                  host(s, "dst").uuid = "AAAAAAAA-1111-4111-8111-111111111111";
                }),
            "host-uuid-distinct",
            "src,dst"),
        FindingStatus.FAIL,
        "src and dst report the same libvirt host UUID aaaaaaaa-1111-4111-8111-111111111111;"
            + " libvirt refuses the migration as one to the same host",
        "give dst its own UUID: set host_uuid = \"<output of uuidgen>\" in"
            + " /etc/libvirt/libvirtd.conf (virtqemud.conf with modular daemons) and restart"
            + " libvirt there");
  }

  @Test
  void eachSourceReachesTheOthersLibvirt() {
    PreflightReport r = Findings.of(s -> {});
    assertFinding(
        find(r, "libvirt-reachable", "src,dst"),
        FindingStatus.PASS,
        "src reaches dst's libvirt at qemu+ssh://192.0.2.12/system",
        "");
    assertFinding(
        find(r, "libvirt-reachable", "dst,src"),
        FindingStatus.PASS,
        "dst reaches src's libvirt at qemu+ssh://192.0.2.11/system",
        "");
  }

  @Test
  void aSourceWithoutSshTrustCannotReachTheDestination() {
    Finding f =
        find(Findings.of(s -> host(s, "src").sshTrust = List.of()), "libvirt-reachable", "src,dst");
    assertThat(f.status()).isEqualTo(FindingStatus.FAIL);
    assertThat(f.detail())
        .startsWith("src cannot reach dst's libvirt at qemu+ssh://192.0.2.12/system: ");
    assertThat(f.fix()).isNotBlank();
  }

  // ---- destination-memory ----

  /** The lab's nodememstats adds 6256 KiB of buffers and 392884 KiB of cache to the free memory. */
  private static final long CACHE_KIB = 6256 + 392884;

  private static final long VM1_KIB = 8L * 1024 * 1024;

  @Test
  void exactlyTheVmsMemoryAvailablePasses() {
    assertFinding(
        vmFinding(
            s -> host(s, "dst").memoryFree = (VM1_KIB - CACHE_KIB) + "KiB", "destination-memory"),
        FindingStatus.PASS,
        "dst has 8.000 GiB available; needs 8.000 GiB",
        "");
  }

  @Test
  void oneKibShortFails() {
    assertFinding(
        vmFinding(
            s -> host(s, "dst").memoryFree = (VM1_KIB - CACHE_KIB - 1) + "KiB",
            "destination-memory"),
        FindingStatus.FAIL,
        "dst has 8.000 GiB available (free, buffers and cache); vm1 needs 8.000 GiB",
        "free memory on dst (stop or migrate away other VMs there), or migrate to a host with more");
  }

  private static Consumer<LabSpec> hugepages(long pageKib, long dstFree) {
    return spec -> {
      vm1(spec).hugepages = pageKib;
      spec.hosts.get("src").hugepages = new java.util.LinkedHashMap<>(Map.of(pageKib, 0L));
      spec.hosts.get("dst").hugepages = new java.util.LinkedHashMap<>(Map.of(pageKib, dstFree));
    };
  }

  @Test
  void exactlyEnoughHugepagesPass() {
    assertFinding(
        vmFinding(hugepages(2048, 4096), "destination-memory"),
        FindingStatus.PASS,
        "dst has 4096 free 2048 KiB hugepages; needs 4096",
        "");
  }

  @Test
  void oneHugepageShortFailsNamingHowManyMore() {
    assertFinding(
        vmFinding(hugepages(1048576, 7), "destination-memory"),
        FindingStatus.FAIL,
        "dst has 7 free 1048576 KiB hugepages; vm1 (8.000 GiB) needs 8",
        "reserve hugepages on dst: echo <total> >"
            + " /sys/kernel/mm/hugepages/hugepages-1048576kB/nr_hugepages (1 GiB pages:"
            + " hugepagesz=1G hugepages=N on the kernel command line), with 1 more than now");
  }

  @Test
  void aPartPageCountsAsAWholeOne() {
    // 8 GiB + 1 MiB in 2 MiB pages: 4096 pages and a half, so 4097.
    assertFinding(
        vmFinding(
            hugepages(2048, 4096).andThen(s -> vm1(s).memory = "8193MiB"), "destination-memory"),
        FindingStatus.FAIL,
        "dst has 4096 free 2048 KiB hugepages; vm1 (8.001 GiB) needs 4097",
        "reserve hugepages on dst: echo <total> >"
            + " /sys/kernel/mm/hugepages/hugepages-2048kB/nr_hugepages (1 GiB pages:"
            + " hugepagesz=1G hugepages=N on the kernel command line), with 1 more than now");
  }

  @Test
  void hugepagesWithoutASizeAreTheDefaultTwoMib() {
    Lab lab = TestLab.with(hugepages(2048, 4095));
    GuestFacts guest =
        vm1Xml(lab, xml -> xml.replaceAll("(?s)<hugepages>.*?</hugepages>", "<hugepages/>"), false);
    assertThat(guest.needs().hugepageKib()).contains(0L);
    assertFinding(
        new DestinationMemoryCheck().check(facts(lab, "src"), facts(lab, "dst"), guest),
        FindingStatus.FAIL,
        "dst has 4095 free 2048 KiB hugepages; vm1 (8.000 GiB) needs 4096",
        "reserve hugepages on dst: echo <total> >"
            + " /sys/kernel/mm/hugepages/hugepages-2048kB/nr_hugepages (1 GiB pages:"
            + " hugepagesz=1G hugepages=N on the kernel command line), with 1 more than now");
  }

  // ---- cpu-compatible, machine-type ----

  private static CpuSpec cpu(String mode, String model, String... features) {
    CpuSpec c = new CpuSpec();
    c.mode = mode;
    c.model = model;
    c.features = List.of(features);
    return c;
  }

  @Test
  void hostPassthroughBetweenTheSameCpusPasses() {
    Finding f = vmFinding(s -> {}, "cpu-compatible");
    assertThat(f.status()).isEqualTo(FindingStatus.PASS);
    assertThat(f.detail()).startsWith("vm1 uses host-passthrough and both hosts have ");
  }

  @Test
  void hostPassthroughToAnOlderCpuFailsNamingWhatIsMissing() {
    Finding f =
        vmFinding(
            s -> {
              CpuSpec c = cpu(null, "Icelake-Server");
              c.vendor = "Intel";
              host(s, "dst").cpu = c;
            },
            "cpu-compatible");
    assertThat(f.status()).isEqualTo(FindingStatus.FAIL);
    assertThat(f.detail())
        .startsWith("vm1 uses host-passthrough: it sees src's CPU (")
        .contains("), but dst has ")
        .contains(" without ");
    assertThat(f.fix())
        .isEqualTo(
            "migrate host-passthrough VMs only between hosts with the same CPU, or give vm1 a CPU"
                + " model both hosts run (virsh edit vm1: <cpu mode='host-model'/> or a named"
                + " model) and restart it");
  }

  @Test
  void aCustomCpuModelTheDestinationRunsPasses() {
    Finding f = vmFinding(s -> vm1(s).cpu = cpu("custom", "Icelake-Server"), "cpu-compatible");
    assertThat(f.status()).as(f.toString()).isEqualTo(FindingStatus.PASS);
    assertThat(f.detail()).matches("dst's hypervisor runs vm1's CPU \\((identical|superset)\\)");
  }

  @Test
  void aCustomCpuModelTheDestinationLacksNamesTheMissingFeatures() {
    Finding f =
        vmFinding(
            s -> vm1(s).cpu = cpu("custom", "SapphireRapids", "avx512-bf16"), "cpu-compatible");
    assertThat(f.status()).isEqualTo(FindingStatus.FAIL);
    assertThat(f.detail()).startsWith("dst cannot run vm1's CPU: ");
    assertThat(f.fix())
        .startsWith("give vm1 a CPU model both hosts run (without ")
        .endsWith(
            "): virsh hypervisor-cpu-baseline over both hosts' 'virsh domcapabilities' names one;"
                + " set it with virsh edit vm1 and restart the VM");
  }

  @Test
  void aCpuIsComparedWithoutAMachineTypeTheDestinationLacks() {
    // Asked with that machine type, libvirt would refuse ("the machine ... is not supported by
    // emulator"): machine-type reports it, the CPU is judged on its own.
    PreflightReport r =
        Findings.of(
            TestLab.with(
                s -> {
                  vm1(s).cpu = cpu("custom", "Icelake-Server");
                  vm1(s).machine = "pc-q35-rhel10.2.0";
                }),
            Optional.of("vm1"));
    Finding f = find(r, "cpu-compatible", "src,dst");
    assertThat(f.status()).as(f.toString()).isEqualTo(FindingStatus.PASS);
    assertThat(f.detail()).startsWith("dst's hypervisor runs vm1's CPU (");
    assertThat(find(r, "machine-type", "src,dst").status()).isEqualTo(FindingStatus.FAIL);
  }

  @Test
  void aVmWithoutCpuElementRunsQemusDefaultModel() {
    Lab lab = TestLab.defaultLab();
    GuestFacts guest = vm1Xml(lab, xml -> xml.replaceAll("<cpu [^>]*/>", ""), false);
    assertFinding(
        new CpuCompatibleCheck().check(facts(lab, "src"), facts(lab, "dst"), guest),
        FindingStatus.PASS,
        "vm1 has no <cpu>: QEMU's default CPU model",
        "");
  }

  @Test
  void theDestinationOffersTheVmsMachineType() {
    Finding f = vmFinding(s -> {}, "machine-type");
    assertThat(f.status()).isEqualTo(FindingStatus.PASS);
    assertThat(f.detail())
        .isEqualTo("dst's QEMU offers machine type pc-q35-rhel9.6.0 in /usr/libexec/qemu-kvm");
  }

  @Test
  void aMachineTypeTheDestinationLacksNamesArchAndVirtType() {
    assertFinding(
        vmFinding(s -> vm1(s).machine = "pc-q35-rhel10.2.0", "machine-type"),
        FindingStatus.FAIL,
        "dst's QEMU does not offer machine type pc-q35-rhel10.2.0 (x86_64, kvm) that vm1 runs"
            + " with",
        "update QEMU on dst to the release of src or newer ('virsh domcapabilities --machine"
            + " pc-q35-rhel10.2.0' answers there once it has it), or migrate to a host that has"
            + " it");
  }

  @Test
  void aVmThatNamesNoMachineTypePasses() {
    Lab lab = TestLab.defaultLab();
    GuestFacts guest = vm1Xml(lab, xml -> xml.replace(" machine='pc-q35-rhel9.6.0'", ""), false);
    assertFinding(
        new MachineTypeCheck().check(facts(lab, "src"), facts(lab, "dst"), guest),
        FindingStatus.PASS,
        "vm1 names no machine type",
        "");
  }

  // ---- storage ----

  private static DiskSpec disk(String target, String source, boolean shared, String cache) {
    DiskSpec d = new DiskSpec();
    d.target = target;
    d.source = source;
    d.shared = shared;
    d.cache = cache;
    return d;
  }

  @Test
  void sharedDisksWithCacheNonePass() {
    assertFinding(
        vmFinding(s -> {}, "storage"),
        FindingStatus.PASS,
        "every disk of vm1 is on storage dst sees",
        "");
  }

  @Test
  void aLocalDiskFailsAndSaysHowToCopyIt() {
    assertFinding(
        vmFinding(
            s ->
                vm1(s).disks =
                    List.of(disk("vda", "/var/lib/libvirt/images/vm1.qcow2", false, "none")),
            "storage"),
        FindingStatus.FAIL,
        "vm1's disks not on shared storage: vda (/var/lib/libvirt/images/vm1.qcow2) on local xfs"
            + " (libvirt: 'Migration without shared storage is unsafe')",
        "put the disks on storage both hosts mount at the same path (NFS, Ceph, GFS2, ...) or on"
            + " network disks, or copy them with: vfmigrate migrate vm1 --copy-storage-all");
  }

  @Test
  void copyStorageAllCountsTheDisksItCopies() {
    Lab lab =
        TestLab.with(
            s ->
                vm1(s).disks =
                    List.of(
                        disk("vda", "/var/lib/libvirt/images/vm1.qcow2", false, "none"),
                        disk("vdb", "/var/lib/libvirt/images/vm1-data.qcow2", false, "writeback")));
    assertFinding(
        new StorageCheck().check(facts(lab, "src"), facts(lab, "dst"), vm1Xml(lab, x -> x, true)),
        FindingStatus.PASS,
        "--copy-storage-all copies vm1's 2 disk(s)",
        "");
  }

  @Test
  void anUnsafeCacheModeWarnsNamingEachDisk() {
    assertFinding(
        vmFinding(
            s ->
                vm1(s).disks =
                    List.of(
                        disk("vda", "/var/lib/libvirt/images/vm1.qcow2", true, "writeback"),
                        disk("vdb", "/var/lib/libvirt/images/vm1-b.qcow2", true, "directsync")),
            "storage"),
        FindingStatus.WARN,
        "vm1's disks: cache mode libvirt calls unsafe for migration: vda cache=writeback (allowed"
            + " only because QEMU drops the page cache at switchover)",
        "use cache='none' (or 'directsync') on shared disks: virsh edit vm1, <driver ..."
            + " cache='none'/>, then restart the VM");
  }

  private static FaultSpec statAnswer(String path, String magicHex) {
    return Findings.answer("stat -f -c %t " + path, 0, magicHex + "\n", "");
  }

  @Test
  void aDiskOnAClusterFilesystemNeedsNoCacheCare() {
    String path = "/var/lib/libvirt/images/vm1.qcow2";
    assertFinding(
        vmFinding(
            s -> {
              vm1(s).disks = List.of(disk("vda", path, true, "writeback"));
              host(s, "src").faults.add(statAnswer(path, "1161970"));
            },
            "storage"),
        FindingStatus.PASS,
        "every disk of vm1 is on storage dst sees",
        "");
  }

  @Test
  void aDiskOnFuseIsDoubtful() {
    String path = "/var/lib/libvirt/images/vm1.qcow2";
    assertFinding(
        vmFinding(
            s -> {
              vm1(s).disks = List.of(disk("vda", path, true, "none"));
              host(s, "src").faults.add(statAnswer(path, "65735546"));
            },
            "storage"),
        FindingStatus.WARN,
        "vm1's disks: vda (/var/lib/libvirt/images/vm1.qcow2) on FUSE (shared only for GlusterFS"
            + " or Quobyte)",
        "use cache='none' (or 'directsync') on shared disks: virsh edit vm1, <driver ..."
            + " cache='none'/>, then restart the VM");
  }

  @Test
  void aDiskMissingOnBothHostsAndANetworkDiskAndAnNvmeDisk() {
    Lab lab = TestLab.defaultLab();
    GuestFacts guest =
        vm1Xml(
            lab,
            xml ->
                xml.replace("/var/lib/libvirt/images/vm1.qcow2", "/srv/gone/vm1.qcow2")
                    .replace(
                        "</devices>",
                        "<disk type='network' device='disk'><driver name='qemu' type='raw'/>"
                            + "<source protocol='nbd' name='x'><host name='10.99.0.9'"
                            + " port='10809'/></source><target dev='vdb' bus='virtio'/></disk>"
                            + "<disk type='nvme' device='disk'><driver name='qemu' type='raw'/>"
                            + "<source type='pci' managed='yes' namespace='1'><address"
                            + " domain='0x0000' bus='0x01' slot='0x00' function='0x0'/></source>"
                            + "<target dev='vdc' bus='virtio'/></disk>"
                            + "<disk type='file' device='cdrom'><driver name='qemu' type='raw'/>"
                            + "<target dev='hdc' bus='sata'/><readonly/></disk></devices>"),
            false);
    Finding f = new StorageCheck().check(facts(lab, "src"), facts(lab, "dst"), guest);
    assertThat(f.status()).as(f.toString()).isEqualTo(FindingStatus.FAIL);
    assertThat(f.detail())
        .isEqualTo(
            "vm1's disks not on shared storage: vdc (nvme:0000:01:00.0/1) on a local NVMe device;"
                + " not found on dst at the same path: vda (/srv/gone/vm1.qcow2) (missing on src"
                + " too) (libvirt: 'Migration without shared storage is unsafe')")
        .doesNotContain("vdb")
        .doesNotContain("hdc");
  }

  @Test
  void aVmWithOnlyAnEmptyCdromHasNoDiskThatNeedsSharedStorage() {
    Lab lab = TestLab.defaultLab();
    GuestFacts guest =
        vm1Xml(
            lab,
            xml ->
                xml.replaceAll("(?s)<disk type='file' device='disk'>.*?</disk>", "")
                    .replace(
                        "</devices>",
                        "<disk type='file' device='cdrom'><driver name='qemu' type='raw'/>"
                            + "<target dev='hdc' bus='sata'/><readonly/></disk></devices>"),
            true);
    assertFinding(
        new StorageCheck().check(facts(lab, "src"), facts(lab, "dst"), guest),
        FindingStatus.PASS,
        "vm1 has no disk that needs shared storage",
        "");
  }

  // ---- migrate's one direction ----

  @Test
  void aMigrationAsksEveryPrerequisiteOnceInOneDirection() {
    Lab lab =
        TestLab.with(
            s ->
                vm1(s).disks =
                    List.of(disk("vda", "/var/lib/libvirt/images/vm1.qcow2", false, "none")));
    var fleet = TestLab.fleet(lab, EventSink.none());
    String xml = new Virsh(lab.host("src")).dumpxml("vm1").toXml();
    List<Finding> copying =
        Prerequisites.forMigration(
            fleet.get("src"),
            fleet.get("dst"),
            "vm1",
            io.vfmigrate.model.DomainXml.parse(xml),
            true);
    assertThat(copying).extracting(Finding::id).containsExactlyElementsOf(Prerequisites.IDS);
    assertThat(copying).extracting(Finding::host).containsOnly("src,dst");
    assertThat(copying)
        .allSatisfy(f -> assertThat(f.status()).as(f.toString()).isEqualTo(FindingStatus.PASS));
    assertThat(copying.get(Prerequisites.IDS.indexOf("storage")).detail())
        .isEqualTo("--copy-storage-all copies vm1's 1 disk(s)");
    List<Finding> sharing =
        Prerequisites.forMigration(
            fleet.get("src"),
            fleet.get("dst"),
            "vm1",
            io.vfmigrate.model.DomainXml.parse(xml),
            false);
    assertThat(sharing.get(Prerequisites.IDS.indexOf("storage")).status())
        .isEqualTo(FindingStatus.FAIL);
  }
}
