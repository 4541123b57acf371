package io.vfmigrate.lab.tools.virsh;

import static io.vfmigrate.lab.tools.virsh.MigrationLabFixture.DST_URI;
import static io.vfmigrate.lab.tools.virsh.MigrationLabFixture.DST_VF;
import static io.vfmigrate.lab.tools.virsh.MigrationLabFixture.MAC;
import static io.vfmigrate.lab.tools.virsh.MigrationLabFixture.SRC_VF;
import static io.vfmigrate.lab.tools.virsh.MigrationLabFixture.XML_FILE;
import static io.vfmigrate.lab.tools.virsh.MigrationLabFixture.migrateArgv;
import static io.vfmigrate.lab.tools.virsh.MigrationLabFixture.vf;
import static io.vfmigrate.lab.tools.virsh.MigrationLabFixture.vm;
import static org.assertj.core.api.Assertions.assertThat;

import io.vfmigrate.host.Command;
import io.vfmigrate.host.CommandResult;
import io.vfmigrate.host.RunningCommand;
import io.vfmigrate.lab.Lab;
import io.vfmigrate.lab.LabStore;
import io.vfmigrate.lab.machine.migration.MigrationDomains;
import io.vfmigrate.lab.state.InterfaceSpec;
import io.vfmigrate.lab.state.JobSpec;
import io.vfmigrate.lab.state.LabSpec;
import io.vfmigrate.lab.state.VmSpec;
import io.vfmigrate.lab.tools.ToolOutput;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

public class MigrationCommandsTest {
  private static final String QUERY_MIGRATE = "{\"execute\":\"query-migrate\"}";

  private static String fixture(String name) {
    try (InputStream in =
        MigrationCommandsTest.class.getResourceAsStream("/fixtures/lab-migration/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException | NullPointerException e) {
      throw new AssertionError("missing fixture " + name, e);
    }
  }

  private static ToolOutput virsh(Lab lab, String host, String... args) {
    List<String> argv = new ArrayList<>();
    argv.add("virsh");
    argv.addAll(List.of(args));
    return MigrationCommands.run(lab.host(host).context(), argv);
  }

  private static RunningCommand start(Lab lab, List<String> argv) {
    return MigrationCommands.start(lab.host("src").context(), Command.of(argv)).orElseThrow();
  }

  private static List<String> migrate(String... extraThenVmAndUri) {
    List<String> argv = new ArrayList<>(List.of("virsh", "migrate", "--live", "--verbose"));
    argv.addAll(List.of(extraThenVmAndUri));
    return argv;
  }

  // ---- the subcommands it owns --------------------------------------------------------------

  @Test
  void handlesExactlyTheMigrationSubcommands() {
    assertThat(MigrationCommands.handles("migrate")).isTrue();
    assertThat(MigrationCommands.handles("domjobinfo")).isTrue();
    assertThat(MigrationCommands.handles("domjobabort")).isTrue();
    assertThat(MigrationCommands.handles("qemu-monitor-command")).isTrue();
    assertThat(MigrationCommands.handles("migrate-setmaxdowntime")).isTrue();
    assertThat(MigrationCommands.handles("migrate-getmaxdowntime")).isTrue();
    assertThat(MigrationCommands.handles("dumpxml")).isFalse();
    assertThat(
            MigrationCommands.start(
                MigrationLabFixture.prepared().host("src").context(),
                Command.of("virsh", "domjobinfo", "vm1")))
        .isEmpty();
  }

  // ---- a whole migration, polled as the monitor polls it ------------------------------------

  @Test
  void aMigrationProgressesWithTheClockAndMovesTheDomainWithItsVf() {
    Lab lab = MigrationLabFixture.prepared();
    RunningCommand process = start(lab, migrateArgv());
    List<String> statuses = new ArrayList<>();
    while (process.poll().isEmpty()) {
      lab.clock().sleep(Duration.ofSeconds(1));
      statuses.add(virsh(lab, "src", "domjobinfo", "vm1").stdout());
      virsh(lab, "src", "qemu-monitor-command", "vm1", QUERY_MIGRATE);
      assertThat(statuses).hasSizeLessThan(60);
    }
    CommandResult result = process.poll().orElseThrow();

    assertThat(result.exitCode()).isZero();
    assertThat(result.stdout()).isEqualTo("\n");
    assertThat(result.stderr()).endsWith("\rMigration: [100.00 %]").doesNotContain("error");
    assertThat(statuses.get(0)).startsWith("Job type:         Unbounded   \n");
    LabSpec spec = lab.spec();
    assertThat(spec.hosts.get("src").vms).isEmpty();
    VmSpec moved = vm(spec, "dst", "vm1");
    assertThat(moved.state).isEqualTo("running");
    InterfaceSpec hostdev =
        moved.interfaces.stream().filter(i -> "hostdev".equals(i.type)).findFirst().orElseThrow();
    assertThat(hostdev.pci).isEqualTo(DST_VF);
    assertThat(hostdev.mac).isEqualTo(MAC);
    assertThat(vf(spec, "dst", 1).driver).isEqualTo("mlx5_vfio_pci");
    assertThat(vf(spec, "dst", 1).detached).isTrue();
    assertThat(vf(spec, "src", 0).driver).isEqualTo("mlx5_core");
    assertThat(vf(spec, "src", 0).detached).isFalse();
    JobSpec job = moved.lastJob;
    assertThat(job.type).isEqualTo("Completed");
    assertThat(job.operation).isEqualTo("Incoming migration");
    assertThat(job.vfioBytes).isEqualTo(330_000_000L);
    assertThat(job.memoryTotal).isEqualTo(8L << 30);
    assertThat(job.downtimeMs).isBetween(357L, 483L);
    assertThat(job.iteration).isGreaterThan(2);
    assertThat(virsh(lab, "src", "domjobinfo", "vm1").stderr())
        .isEqualTo("error: failed to get domain 'vm1'\n");
  }

  @Test
  void domjobinfoWhileMigratingShowsRamOnlyInLibvirtsLayout() {
    Lab lab = MigrationLabFixture.prepared();
    start(lab, migrateArgv());
    lab.clock().advance(Duration.ofMillis(500));

    assertThat(virsh(lab, "src", "domjobinfo", "vm1").stdout())
        .isEqualTo(fixture("domjobinfo-running.txt"));
  }

  @Test
  void rawstatsAddVfioBytesFromLibvirtTenSix() {
    Lab lab =
        MigrationLabFixture.prepared(s -> s.hosts.get("src").packages.put("libvirt", "10.6.0"));
    start(lab, migrateArgv());
    lab.clock().advance(Duration.ofMillis(500));

    assertThat(virsh(lab, "src", "domjobinfo", "vm1", "--rawstats").stdout())
        .isEqualTo(fixture("domjobinfo-running-rawstats-10.6.txt"));
  }

  @Test
  void rawstatsBeforeLibvirtTenSixHaveNoVfioBytes() {
    Lab lab =
        MigrationLabFixture.prepared(
            s -> s.hosts.values().forEach(h -> h.packages.put("libvirt", "10.0.0")));
    start(lab, migrateArgv());
    lab.clock().advance(Duration.ofMillis(500));

    assertThat(virsh(lab, "src", "domjobinfo", "vm1", "--rawstats").stdout())
        .startsWith("Job type: 2\n\noperation: 5\n")
        .doesNotContain("vfio");
  }

  @Test
  void queryMigrateWhileMigratingIsQemusReplyInQdictOrderWithLibvirtsId() {
    Lab lab = MigrationLabFixture.prepared();
    start(lab, migrateArgv());
    lab.clock().advance(Duration.ofMillis(500));

    assertThat(virsh(lab, "src", "qemu-monitor-command", "vm1", QUERY_MIGRATE).stdout())
        .isEqualTo(fixture("query-migrate-active.json"));
    assertThat(virsh(lab, "src", "qemu-monitor-command", "--pretty", "vm1", QUERY_MIGRATE).stdout())
        .isEqualTo(fixture("query-migrate-active-pretty.json"));
  }

  @Test
  void progressIsPrintedEveryHalfSecondInLibvirtTensForm() {
    Lab lab = MigrationLabFixture.prepared();
    RunningCommand process = start(lab, migrateArgv());

    CommandResult result = process.waitFor(Duration.ofMinutes(1)).orElseThrow();

    assertThat(result.stderr()).isEqualTo(fixture("migrate-progress.stderr"));
  }

  @Test
  void progressBeforeLibvirtNinePointOneIsWholePercent() {
    Lab lab =
        MigrationLabFixture.prepared(s -> s.hosts.get("src").packages.put("libvirt", "9.0.0"));
    CommandResult result = start(lab, migrateArgv()).waitFor(Duration.ofMinutes(1)).orElseThrow();

    assertThat(result.stderr()).matches("(\\rMigration: \\[[ 0-9]{3} %\\])+").endsWith("[100 %]");
  }

  @Test
  void theDestinationKeepsTheCompletedJobUntilItIsRead() {
    Lab lab = MigrationLabFixture.prepared();
    start(lab, migrateArgv()).waitFor(Duration.ofMinutes(1));

    assertThat(virsh(lab, "dst", "domjobinfo", "vm1", "--completed", "--keep-completed").stdout())
        .isEqualTo(fixture("domjobinfo-completed-destination.txt"));
    assertThat(virsh(lab, "dst", "domjobinfo", "vm1", "--completed").stdout())
        .isEqualTo(fixture("domjobinfo-completed-destination.txt"));
    assertThat(virsh(lab, "dst", "domjobinfo", "vm1", "--completed").stdout())
        .isEqualTo("Job type:         None        \n\n");
    assertThat(virsh(lab, "dst", "qemu-monitor-command", "vm1", QUERY_MIGRATE).stdout())
        .isEqualTo("{\"return\":{\"status\":\"completed\"},\"id\":\"libvirt-400\"}\n\n");
  }

  @Test
  void withoutUndefinesourceTheSourceKeepsAShutOffDefinition() {
    Lab lab = MigrationLabFixture.prepared();
    CommandResult result =
        start(lab, migrate("--xml", XML_FILE, "vm1", DST_URI))
            .waitFor(Duration.ofMinutes(1))
            .orElseThrow();

    assertThat(result.exitCode()).isZero();
    VmSpec left = vm(lab.spec(), "src", "vm1");
    assertThat(left.state).isEqualTo("shut off");
    assertThat(left.interfaces.get(1).pci).isEqualTo(SRC_VF);
    assertThat(vm(lab.spec(), "dst", "vm1").state).isEqualTo("running");
    assertThat(virsh(lab, "src", "domjobinfo", "vm1").stderr())
        .isEqualTo("error: Requested operation is not valid: domain is not running\n");
  }

  @Test
  void sixteenGibibytesMigrateInVirtualTime() {
    // Deterministic: the lab's clock (virtual time) carries the seconds the copy takes; that the
    // emulators never sleep in wall time is ArchitectureTest's labTimeIsVirtual. How fast the
    // lab runs is `vfmigrate lab bench`'s to print, not a test's to assert.
    Lab lab = MigrationLabFixture.prepared(s -> vm(s, "src", "vm1").memory = "16GiB");

    ToolOutput output = MigrationCommands.run(lab.host("src").context(), migrateArgv());

    assertThat(output.exitCode()).isZero();
    assertThat(lab.spec().clockMs).isGreaterThan(1_500);
    assertThat(vm(lab.spec(), "dst", "vm1").lastJob.memoryTotal).isEqualTo(16L << 30);
  }

  @Test
  void theDurationIsTheVirtualTimeTheMigrationTook() {
    Lab lab = MigrationLabFixture.prepared();
    CommandResult result = start(lab, migrateArgv()).waitFor(Duration.ofMinutes(1)).orElseThrow();

    assertThat(result.duration()).isEqualTo(Duration.ofMillis(lab.spec().clockMs));
  }

  // ---- abort, stall, timeout, kill ----------------------------------------------------------

  @Test
  void domjobabortCancelsAndTheDomainRunsOnAtTheSource() {
    Lab lab = MigrationLabFixture.prepared();
    RunningCommand process = start(lab, migrateArgv());
    lab.clock().sleep(Duration.ofSeconds(1));
    assertThat(vm(lab.spec(), "dst", "vm1").state).isEqualTo("paused");

    ToolOutput abort = virsh(lab, "src", "domjobabort", "vm1");
    CommandResult result = process.waitFor(Duration.ofSeconds(5)).orElseThrow();

    assertThat(abort).isEqualTo(ToolOutput.ok("\n"));
    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.stderr())
        .isEqualTo(
            "\rMigration: [40.49 %]\rMigration: [99.93 %]"
                + "error: operation aborted: job 'migration out' canceled by client\n");
    VmSpec vm = vm(lab.spec(), "src", "vm1");
    assertThat(vm.state).isEqualTo("running");
    assertThat(vm.interfaces.get(1).pci).isEqualTo(SRC_VF);
    assertThat(vf(lab.spec(), "src", 0).driver).isEqualTo("mlx5_vfio_pci");
    assertThat(lab.spec().hosts.get("dst").vms).isEmpty();
    assertThat(vf(lab.spec(), "dst", 1).detached).isTrue();
    assertThat(virsh(lab, "src", "domjobinfo", "vm1").stdout())
        .isEqualTo("Job type:         None        \n\n");
    assertThat(virsh(lab, "src", "domjobinfo", "vm1", "--completed", "--keep-completed").stdout())
        .isEqualTo(fixture("domjobinfo-cancelled.txt"));
    assertThat(virsh(lab, "src", "domjobinfo", "vm1", "--completed", "--anystats").stdout())
        .isEqualTo(fixture("domjobinfo-cancelled-anystats.txt"));
    assertThat(virsh(lab, "src", "qemu-monitor-command", "vm1", QUERY_MIGRATE).stdout())
        .isEqualTo("{\"return\":{\"status\":\"cancelled\"},\"id\":\"libvirt-400\"}\n\n");
    assertThat(virsh(lab, "src", "domjobabort", "vm1").stderr())
        .isEqualTo("error: Requested operation is not valid: no job is active on the domain\n");
  }

  @Test
  void beforeLibvirtNineTheCancelTextNamesTheJobDifferently() {
    Lab lab =
        MigrationLabFixture.prepared(s -> s.hosts.get("src").packages.put("libvirt", "8.0.0"));
    RunningCommand process = start(lab, migrateArgv());
    lab.clock().sleep(Duration.ofSeconds(1));
    virsh(lab, "src", "domjobabort", "vm1");

    assertThat(process.poll().orElseThrow().stderr())
        .endsWith("error: operation aborted: migration out job: canceled by client\n");
  }

  @Test
  void theIncomingSideRefusesJobQueriesAndAborts() {
    Lab lab = MigrationLabFixture.prepared();
    start(lab, migrateArgv());
    lab.clock().sleep(Duration.ofSeconds(1));

    assertThat(virsh(lab, "dst", "domjobinfo", "vm1").stderr())
        .isEqualTo(
            "error: Operation not supported: migration statistics are available only on the"
                + " source host\n");
    assertThat(virsh(lab, "dst", "domjobabort", "vm1").stderr())
        .isEqualTo(
            "error: Requested operation is not valid: cannot abort incoming migration; use"
                + " virDomainDestroy instead\n");
    // query-migrate waits for the incoming job instead (MonitorFidelityTest).
  }

  @Test
  void aCutLinkStallsTheMigrationUntilItReturns() {
    Lab lab = MigrationLabFixture.prepared();
    RunningCommand process = start(lab, migrateArgv());
    lab.clock().sleep(Duration.ofMillis(500));
    lab.spec().link.up = false;
    String before = virsh(lab, "src", "domjobinfo", "vm1", "--rawstats").stdout();

    lab.clock().sleep(Duration.ofSeconds(30));

    assertThat(process.poll()).isEmpty();
    String during = virsh(lab, "src", "domjobinfo", "vm1", "--rawstats").stdout();
    assertThat(field(during, "memory_processed")).isEqualTo(field(before, "memory_processed"));
    assertThat(field(during, "time_elapsed")).isGreaterThan(field(before, "time_elapsed"));
    assertThat(during).doesNotContain("memory_bps");
    assertThat(vm(lab.spec(), "src", "vm1").state).isEqualTo("running");

    lab.spec().link.up = true;
    CommandResult result = process.waitFor(Duration.ofMinutes(1)).orElseThrow();

    assertThat(result.exitCode()).isZero();
    assertThat(vm(lab.spec(), "dst", "vm1").state).isEqualTo("running");
  }

  private static long field(String raw, String name) {
    Matcher m = Pattern.compile("(?m)^" + name + ": (\\d+)$").matcher(raw);
    assertThat(m.find()).as(name).isTrue();
    return Long.parseLong(m.group(1));
  }

  @Test
  void aGuestDirtyingAtLinkSpeedNeverConvergesUntilAborted() {
    Lab lab =
        MigrationLabFixture.prepared(
            s -> {
              VmSpec vm = vm(s, "src", "vm1");
              vm.memory = "16GiB";
              vm.dirtyRate = "100Gbit/s";
            });
    RunningCommand process = start(lab, migrateArgv());

    assertThat(process.waitFor(Duration.ofMinutes(10))).isEmpty();
    assertThat(virsh(lab, "src", "domjobinfo", "vm1").stdout())
        .contains("Job type:         Unbounded");

    virsh(lab, "src", "domjobabort", "vm1");
    assertThat(process.poll().orElseThrow().exitCode()).isEqualTo(1);
    assertThat(vm(lab.spec(), "src", "vm1").state).isEqualTo("running");
  }

  @Test
  void theTimeoutSuspendsTheGuestSoTheMigrationCompletes() {
    Lab lab =
        MigrationLabFixture.prepared(
            s -> {
              VmSpec vm = vm(s, "src", "vm1");
              vm.memory = "16GiB";
              vm.dirtyRate = "100Gbit/s";
            });
    List<String> argv = new ArrayList<>(migrateArgv());
    argv.addAll(2, List.of("--timeout", "20"));

    CommandResult result = start(lab, argv).waitFor(Duration.ofMinutes(1)).orElseThrow();

    assertThat(result.exitCode()).isZero();
    assertThat(result.duration()).isGreaterThan(Duration.ofSeconds(20));
    assertThat(vm(lab.spec(), "dst", "vm1").state).isEqualTo("running");
  }

  @Test
  void setmaxdowntimeLetsAHeavyGuestConverge() {
    Lab lab =
        MigrationLabFixture.prepared(
            s -> {
              VmSpec vm = vm(s, "src", "vm1");
              vm.memory = "16GiB";
              vm.dirtyRate = "100Gbit/s";
            });
    assertThat(virsh(lab, "src", "migrate-getmaxdowntime", "vm1").stdout()).isEqualTo("300\n\n");
    RunningCommand process = start(lab, migrateArgv());
    assertThat(process.waitFor(Duration.ofSeconds(30))).isEmpty();

    assertThat(virsh(lab, "src", "migrate-setmaxdowntime", "vm1", "2000"))
        .isEqualTo(ToolOutput.ok("\n"));
    CommandResult result = process.waitFor(Duration.ofSeconds(30)).orElseThrow();

    assertThat(result.exitCode()).isZero();
    assertThat(vm(lab.spec(), "dst", "vm1").lastJob.downtimeLimitMs).isEqualTo(2000);
  }

  @Test
  void maxDowntimeCommandsCheckTheirArguments() {
    Lab lab = MigrationLabFixture.prepared();

    assertThat(virsh(lab, "src", "migrate-setmaxdowntime", "vm1", "0").stderr())
        .isEqualTo("error: migrate: Invalid downtime\n");
    assertThat(virsh(lab, "src", "migrate-setmaxdowntime", "vm1", "soon").stderr())
        .isEqualTo(
            "error: Numeric value 'soon' for <downtime> option is malformed or out of range\n");
    assertThat(virsh(lab, "src", "migrate-setmaxdowntime", "vm1").stderr())
        .isEqualTo("error: command 'migrate-setmaxdowntime' requires <downtime> option\n");
    assertThat(virsh(lab, "src", "migrate-setmaxdowntime", "vm1", "500").exitCode()).isZero();
    assertThat(virsh(lab, "src", "migrate-getmaxdowntime", "vm1").stdout()).isEqualTo("500\n\n");
    assertThat(virsh(lab, "src", "-q", "migrate-getmaxdowntime", "vm1").stdout())
        .isEqualTo("500\n");
  }

  @Test
  void killingVirshCancelsANonPeerToPeerMigration() {
    Lab lab = MigrationLabFixture.prepared();
    RunningCommand process = start(lab, migrateArgv());
    lab.clock().sleep(Duration.ofSeconds(1));

    process.kill();

    assertThat(process.poll().orElseThrow().exitCode()).isEqualTo(143);
    assertThat(vm(lab.spec(), "src", "vm1").state).isEqualTo("running");
    assertThat(lab.spec().hosts.get("dst").vms).isEmpty();
  }

  @Test
  void killingVirshLeavesAPeerToPeerMigrationRunning() {
    Lab lab = MigrationLabFixture.prepared();
    List<String> argv = new ArrayList<>(migrateArgv());
    argv.add(2, "--p2p");
    RunningCommand process = start(lab, argv);
    lab.clock().sleep(Duration.ofSeconds(1));

    process.kill();
    lab.clock().sleep(Duration.ofSeconds(10));

    assertThat(process.poll().orElseThrow().exitCode()).isEqualTo(143);
    assertThat(vm(lab.spec(), "dst", "vm1").state).isEqualTo("running");
  }

  @Test
  void aTunnelledMigrationHasNoReturnPathSoNoSwitchoverAck() {
    Lab lab = MigrationLabFixture.prepared();
    List<String> argv = new ArrayList<>(migrateArgv());
    argv.addAll(2, List.of("--p2p", "--tunnelled"));

    start(lab, argv).waitFor(Duration.ofMinutes(1));

    assertThat(vm(lab.spec(), "dst", "vm1").lastJob.downtimeMs).isBetween(1615L, 2185L);
  }

  // ---- QMP ----------------------------------------------------------------------------------

  @Test
  void queryMigrateBeforeAnyMigrationIsEmptyAndOtherCommandsAreNotFound() {
    Lab lab = MigrationLabFixture.prepared();

    assertThat(virsh(lab, "src", "qemu-monitor-command", "vm1", QUERY_MIGRATE).stdout())
        .isEqualTo("{\"return\":{},\"id\":\"libvirt-400\"}\n\n");
    assertThat(
            virsh(lab, "src", "qemu-monitor-command", "vm1", "{\"execute\":\"query-foo\"}")
                .stdout())
        .isEqualTo(
            "{\"id\":\"libvirt-401\",\"error\":{\"class\":\"CommandNotFound\","
                + "\"desc\":\"The command query-foo has not been found\"}}\n\n");
    assertThat(virsh(lab, "src", "qemu-monitor-command", "--pretty", "vm1", QUERY_MIGRATE).stdout())
        .isEqualTo("{\n  \"return\": {\n  },\n  \"id\": \"libvirt-402\"\n}\n\n\n");
  }

  @Test
  void queryMigrateListsQemusBlockersForAVfThatCannotMigrate() {
    Lab lab = MigrationLabFixture.prepared(s -> vf(s, "src", 0).migratable = false);

    assertThat(virsh(lab, "src", "qemu-monitor-command", "vm1", QUERY_MIGRATE).stdout())
        .isEqualTo(
            "{\"return\":{\"blocked-reasons\":[\"0000:e1:00.1: VFIO migration is not supported in"
                + " kernel\"]},\"id\":\"libvirt-400\"}\n\n");
  }

  // ---- refusals -----------------------------------------------------------------------------

  private static CommandResult refused(Lab lab, List<String> argv) {
    RunningCommand process = start(lab, argv);
    CommandResult result = process.poll().orElseThrow();
    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.stdout()).isEqualTo("\n");
    return result;
  }

  private static void assertRefused(Lab lab, List<String> argv, String stderr) {
    assertThat(refused(lab, argv).stderr()).isEqualTo(stderr);
    assertThat(vm(lab.spec(), "src", "vm1").state).isEqualTo("running");
  }

  @Test
  void refusesALocalDiskAsLibvirtDoesUnlessCopiedOrUnsafe() {
    java.util.function.Consumer<LabSpec> localDisk =
        s -> {
          io.vfmigrate.lab.state.DiskSpec d = new io.vfmigrate.lab.state.DiskSpec();
          d.source = "/var/lib/libvirt/images/vm1.qcow2";
          d.shared = false;
          vm(s, "src", "vm1").disks = List.of(d);
        };
    Lab lab = MigrationLabFixture.prepared(localDisk);
    // the real text: fixtures/real/migrate-unsafe-storage.stderr (libvirt 9.0)
    assertRefused(
        lab,
        migrateArgv(),
        io.vfmigrate.tools.FakeHost.Fixtures.read("real/migrate-unsafe-storage.stderr"));
    for (String flag : List.of("--copy-storage-all", "--unsafe")) {
      Lab again = MigrationLabFixture.prepared(localDisk);
      List<String> argv = new ArrayList<>(migrateArgv());
      argv.add(2, flag);
      RunningCommand process = start(again, argv);
      for (int i = 0; i < 60 && process.poll().isEmpty(); i++) {
        again.clock().sleep(Duration.ofSeconds(1));
      }
      CommandResult result = process.poll().orElseThrow();
      assertThat(result.exitCode()).as(flag + ": " + result.stderr()).isZero();
      assertThat(vm(again.spec(), "dst", "vm1").state).isEqualTo("running");
    }
  }

  @Test
  void refusesAnUnknownDomain() {
    Lab lab = MigrationLabFixture.prepared();
    assertThat(refused(lab, migrate("vm9", DST_URI)).stderr())
        .isEqualTo("error: failed to get domain 'vm9'\n");
  }

  @Test
  void refusesADomainThatIsNotRunning() {
    Lab lab = MigrationLabFixture.prepared(s -> vm(s, "src", "vm1").state = "shut off");
    assertThat(refused(lab, migrate("vm1", DST_URI)).stderr())
        .isEqualTo("error: Requested operation is not valid: domain is not running\n");
  }

  @Test
  void refusesAnUnknownDestination() {
    Lab lab = MigrationLabFixture.prepared();
    assertRefused(
        lab,
        migrate("vm1", "qemu+ssh://192.0.2.99/system"),
        "error: Cannot recv data: ssh: connect to host 192.0.2.99 port 22: No route to host:"
            + " Connection reset by peer\n");
    assertRefused(
        lab,
        migrate("vm1", "qemu+ssh://nowhere.example/system"),
        "error: Cannot recv data: ssh: Could not resolve hostname nowhere.example: Name or service"
            + " not known: Connection reset by peer\n");
  }

  @Test
  void refusesWhenTheLinkIsDown() {
    Lab lab = MigrationLabFixture.prepared(s -> s.link.up = false);
    assertRefused(
        lab,
        migrate("vm1", "qemu+ssh://dst.lab.example/system"),
        "error: Cannot recv data: ssh: connect to host dst.lab.example port 22: No route to host:"
            + " Connection reset by peer\n");
    assertRefused(
        lab,
        migrate("--p2p", "vm1", "qemu+tcp://192.0.2.12/system"),
        "error: operation failed: Failed to connect to remote libvirt URI"
            + " qemu+tcp://192.0.2.12/system: unable to connect to server at '192.0.2.12:16509':"
            + " No route to host\n");
  }

  @Test
  void refusesWhenTheDestinationDaemonIsDown() {
    Lab lab =
        MigrationLabFixture.prepared(s -> s.hosts.get("dst").services.put("libvirtd", "inactive"));
    assertRefused(
        lab,
        migrate("vm1", DST_URI),
        "error: Cannot recv data: virt-ssh-helper: cannot connect to"
            + " '/var/run/libvirt/virtqemud-sock': Failed to connect socket to"
            + " '/var/run/libvirt/virtqemud-sock': No such file or directory: Connection reset by"
            + " peer\n");
  }

  @Test
  void refusesWhenTheSourceDaemonIsDown() {
    Lab lab =
        MigrationLabFixture.prepared(s -> s.hosts.get("src").services.put("libvirtd", "inactive"));
    assertThat(refused(lab, migrate("vm1", DST_URI)).stderr())
        .isEqualTo(
            "error: failed to connect to the hypervisor\n"
                + "error: Failed to connect socket to '/var/run/libvirt/virtqemud-sock': No such"
                + " file or directory\n");
  }

  @Test
  void refusesTheSameHost() {
    Lab lab =
        MigrationLabFixture.prepared(
            s -> s.hosts.get("src").uuid = "4c4c4544-0042-3010-8050-b4c04f4e4d31");
    assertRefused(
        lab,
        migrate("vm1", "qemu+ssh://192.0.2.11/system"),
        "error: internal error: Attempt to migrate guest to the same host"
            + " 4c4c4544-0042-3010-8050-b4c04f4e4d31\n");
  }

  @Test
  void refusesPostcopyWithAVf() {
    Lab lab = MigrationLabFixture.prepared();
    assertRefused(
        lab,
        migrate("--postcopy", "--xml", XML_FILE, "vm1", DST_URI),
        "error: internal error: unable to execute QEMU command 'migrate': 0000:e1:00.1: VFIO"
            + " migration is not supported with postcopy migration\n");
  }

  @Test
  void refusesAVfWithAVirtualIommu() {
    Lab lab = MigrationLabFixture.prepared(s -> vm(s, "src", "vm1").viommu = true);
    assertRefused(
        lab,
        migrate("vm1", DST_URI),
        "error: Requested operation is not valid: cannot migrate domain: 0000:e1:00.1: Migration is"
            + " currently not supported with vIOMMU enabled\n");
  }

  @Test
  void refusesAVfThatCannotMigrate() {
    String text =
        "error: Requested operation is not valid: cannot migrate domain: 0000:e1:00.1: VFIO"
            + " migration is not supported in kernel\n";
    assertRefused(
        MigrationLabFixture.prepared(s -> vf(s, "src", 0).migratable = false),
        migrate("vm1", DST_URI),
        text);
    assertRefused(
        MigrationLabFixture.prepared(s -> vf(s, "src", 0).driver = "vfio-pci"),
        migrate("vm1", DST_URI),
        text);
  }

  @Test
  void refusesADestinationVfThatDoesNotExist() {
    Lab lab =
        MigrationLabFixture.prepared(
            s ->
                s.hosts
                    .get("src")
                    .files
                    .put(XML_FILE, MigrationLabFixture.domainXml("vm1", "0000:e1:01.7")));
    assertRefused(
        lab,
        migrate("--xml", XML_FILE, "vm1", DST_URI),
        "error: Device 0000:e1:01.7 not found: could not access"
            + " /sys/bus/pci/devices/0000:e1:01.7/config: No such file or directory\n");
  }

  @Test
  void refusesADestinationVfInUseByAnotherDomain() {
    Lab lab =
        MigrationLabFixture.prepared(
            s -> {
              VmSpec other = new VmSpec();
              other.name = "vm7";
              InterfaceSpec iface = new InterfaceSpec();
              iface.type = "hostdev";
              iface.mac = "52:54:00:aa:bb:07";
              iface.pci = DST_VF;
              other.interfaces.add(iface);
              s.hosts.get("dst").vms.add(other);
            });
    assertRefused(
        lab,
        migrate("--xml", XML_FILE, "vm1", DST_URI),
        "error: Requested operation is not valid: PCI device 0000:e1:00.2 is in use by driver"
            + " QEMU, domain vm7\n");
  }

  @Test
  void refusesADestinationVfThatIsNotPrepared() {
    Lab lab = MigrationLabFixture.prepared(s -> vf(s, "dst", 1).migratable = false);
    assertRefused(
        lab,
        migrate("--xml", XML_FILE, "vm1", DST_URI),
        "error: Requested operation is not valid: cannot migrate domain: 0000:e1:00.2: VFIO"
            + " migration is not supported in kernel\n");
    // A migratable VF still bound to mlx5_core is not refused: with managed='yes' libvirt binds
    // it to mlx5_vfio_pci itself.
  }

  @Test
  void refusesADomainOfTheSameNameOnTheDestination() {
    Lab lab =
        MigrationLabFixture.prepared(
            s -> {
              VmSpec other = new VmSpec();
              other.name = "vm1";
              other.uuid = "0a8e8f6e-2f7d-4d7e-9a83-7f5f0d0c1c11";
              s.hosts.get("dst").vms.add(other);
            });
    assertRefused(
        lab,
        migrate("--xml", XML_FILE, "vm1", DST_URI),
        "error: operation failed: domain 'vm1' already exists with uuid"
            + " 0a8e8f6e-2f7d-4d7e-9a83-7f5f0d0c1c11\n");
  }

  @Test
  void refusesTheSameDomainAlreadyRunningOnTheDestination() {
    Lab lab = MigrationLabFixture.prepared();
    VmSpec copy = new VmSpec();
    copy.name = "vm1";
    copy.uuid = MigrationDomains.uuid(vm(lab.spec(), "src", "vm1"));
    lab.spec().hosts.get("dst").vms.add(copy);
    assertRefused(
        lab,
        migrate("--xml", XML_FILE, "vm1", DST_URI),
        "error: Requested operation is not valid: domain 'vm1' is already active\n");
  }

  @Test
  void replacesAnInactiveDefinitionOfTheSameDomain() {
    Lab lab = MigrationLabFixture.prepared();
    VmSpec stale = new VmSpec();
    stale.name = "vm1";
    stale.state = "shut off";
    stale.uuid = MigrationDomains.uuid(vm(lab.spec(), "src", "vm1"));
    lab.spec().hosts.get("dst").vms.add(stale);

    CommandResult result = start(lab, migrateArgv()).waitFor(Duration.ofMinutes(1)).orElseThrow();

    assertThat(result.exitCode()).isZero();
    assertThat(lab.spec().hosts.get("dst").vms).hasSize(1);
    assertThat(vm(lab.spec(), "dst", "vm1").state).isEqualTo("running");
  }

  @Test
  void refusesAMissingXmlFileAndTunnellingWithoutPeerToPeer() {
    Lab lab = MigrationLabFixture.prepared();
    assertRefused(
        lab,
        migrate("--xml", "/tmp/none.xml", "vm1", DST_URI),
        "error: Failed to open file '/tmp/none.xml': No such file or directory\n");
    assertRefused(
        lab,
        migrate("--tunnelled", "vm1", DST_URI),
        "error: invalid argument: cannot perform tunnelled migration without using peer2peer"
            + " flag\n");
  }

  @Test
  void refusesBadArgumentsAsVirshDoes() {
    Lab lab = MigrationLabFixture.prepared();
    assertRefused(lab, migrate("vm1"), "error: command 'migrate' requires <desturi> option\n");
    assertRefused(
        lab,
        migrate("--compressed", "vm1", DST_URI),
        "error: command 'migrate' doesn't support option --compressed\n");
    assertRefused(
        lab, migrate("--timeout", "0", "vm1", DST_URI), "error: migrate: Invalid timeout\n");
    assertRefused(
        lab,
        migrate("--domain", "vm1", "--desturi", DST_URI, "tcp://x", "vm2", "extra"),
        "error: unexpected data 'extra'\n");
  }

  @Test
  void refusesASecondMigrationOfTheSameDomain() {
    Lab lab = MigrationLabFixture.prepared();
    start(lab, migrateArgv());
    lab.clock().sleep(Duration.ofSeconds(1));

    assertThat(refused(lab, migrateArgv()).stderr())
        .startsWith("error: Timed out during operation: cannot acquire state change lock");
  }

  @Test
  void namedOptionsAndTheConnectUriWork() {
    Lab lab = MigrationLabFixture.prepared();
    List<String> argv =
        List.of(
            "virsh",
            "-c",
            "qemu:///system",
            "migrate",
            "--live",
            "--undefinesource",
            "--xml=" + XML_FILE,
            "--domain",
            "vm1",
            "--desturi",
            DST_URI);

    CommandResult result = start(lab, argv).waitFor(Duration.ofMinutes(1)).orElseThrow();

    assertThat(result.exitCode()).isZero();
    assertThat(result.stderr()).isEmpty();
    assertThat(virsh(lab, "src", "-c", DST_URI, "domjobinfo", "vm1", "--completed").stdout())
        .startsWith("Job type:         Completed   \nOperation:        Incoming migration\n");
  }

  @Test
  void aCompletedJobSurvivesTheLabsYamlRoundTrip() {
    Lab lab = MigrationLabFixture.prepared();
    start(lab, migrateArgv()).waitFor(Duration.ofMinutes(1));

    LabSpec reloaded = LabStore.parse(LabStore.toYaml(lab.spec()), "round trip");

    JobSpec job = vm(reloaded, "dst", "vm1").lastJob;
    assertThat(job.type).isEqualTo("Completed");
    assertThat(job.downtimeMs).isEqualTo(vm(lab.spec(), "dst", "vm1").lastJob.downtimeMs);
    assertThat(reloaded.migrations).isEmpty();
  }
}
