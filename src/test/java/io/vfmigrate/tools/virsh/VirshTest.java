package io.vfmigrate.tools.virsh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vfmigrate.host.CommandResult;
import io.vfmigrate.host.RunningCommand;
import io.vfmigrate.model.InvalidInputException;
import io.vfmigrate.model.PciAddress;
import io.vfmigrate.tools.FakeHost;
import io.vfmigrate.tools.FakeHost.Fixtures;
import io.vfmigrate.tools.ToolException;
import io.vfmigrate.tools.ToolNotInstalledException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class VirshTest {
  private static final PciAddress VF1 = PciAddress.parse("0000:e1:00.1");
  private final FakeHost host = new FakeHost("hostA");
  private final Virsh virsh = new Virsh(host);

  private void fails(String stderrFixture, String... argv) {
    host.on(argv).answer(1, "", Fixtures.read(stderrFixture));
  }

  @Test
  void version() {
    host.on("virsh", "version").stdoutFromFixture("virsh/version-9.0.0.txt");

    assertThat(virsh.version().qemuVersion()).contains("8.2.0");
  }

  @Test
  void libvirtDownNamesTheServiceToStart() {
    fails("virsh/connect-failed.stderr", "virsh", "version");

    assertThatThrownBy(virsh::version)
        .isInstanceOfSatisfying(
            ToolException.class,
            e -> {
              assertThat(e.toolMessage())
                  .contains("error: failed to connect to the hypervisor")
                  .contains("virtqemud-sock");
              assertThat(e.fix()).contains("systemctl enable --now libvirtd");
              assertThat(e.getMessage()).contains("hostA").contains("exit 1");
            });
  }

  @Test
  void virshMissingIsNotInstalled() {
    host.on("virsh", "list", "--all", "--name").notInstalled();

    assertThatThrownBy(virsh::listAllNames)
        .isInstanceOfSatisfying(
            ToolNotInstalledException.class, e -> assertThat(e.packageName()).isEqualTo("libvirt"));
  }

  @Test
  void listAllNamesDropsTheTrailingEmptyLine() {
    host.on("virsh", "list", "--all", "--name").stdoutFromFixture("virsh/list-all-name.txt");
    assertThat(virsh.listAllNames()).containsExactly("vm1", "web-01", "db-02");

    FakeHost empty = new FakeHost();
    empty.on("virsh", "list", "--all", "--name").stdoutFromFixture("virsh/list-all-name-empty.txt");
    assertThat(new Virsh(empty).listAllNames()).isEmpty();
  }

  @Test
  void domstateOfKnownAndUnknownDomains() {
    host.on("virsh", "domstate", "vm1").stdoutFromFixture("virsh/domstate-running.txt");
    host.on("virsh", "domstate", "vm2").stdoutFromFixture("virsh/domstate-shut-off.txt");
    fails("virsh/domstate-unknown.stderr", "virsh", "domstate", "nosuch");
    fails("virsh/domstate-unknown-old.stderr", "virsh", "domstate", "old");
    fails("virsh/connect-failed.stderr", "virsh", "domstate", "down");

    assertThat(virsh.domstate("vm1")).contains("running");
    assertThat(virsh.domstate("vm2")).contains("shut off");
    assertThat(virsh.domstate("nosuch")).isEmpty();
    assertThat(virsh.domstate("old")).isEmpty();
    assertThatThrownBy(() -> virsh.domstate("down")).isInstanceOf(ToolException.class);
  }

  @Test
  void dumpxmlLiveInactiveAndMigratable() {
    host.on("virsh", "dumpxml", "vm1")
        .stdout(Fixtures.read("virsh/dumpxml-q35-hostdev-running.xml") + "\n");
    host.on("virsh", "dumpxml", "vm1", "--inactive")
        .stdout(Fixtures.read("virsh/dumpxml-q35-hostdev-inactive.xml") + "\n");
    host.on("virsh", "dumpxml", "vm1", "--migratable")
        .stdout(Fixtures.read("virsh/dumpxml-q35-hostdev-inactive.xml") + "\n");

    assertThat(virsh.dumpxml("vm1").hostdevInterfaces().get(0).alias()).contains("hostdev0");
    assertThat(virsh.dumpxml("vm1").toXml())
        .isEqualTo(Fixtures.read("virsh/dumpxml-q35-hostdev-running.xml"));
    assertThat(virsh.dumpxmlInactive("vm1").hostdevInterfaces().get(0).alias()).isEmpty();
    assertThat(virsh.dumpxmlMigratable("vm1").name()).isEqualTo("vm1");
  }

  @Test
  void dumpxmlOfAnUnknownDomainKeepsVirshsWords() {
    fails("virsh/domstate-unknown.stderr", "virsh", "dumpxml", "nosuch");

    assertThatThrownBy(() -> virsh.dumpxml("nosuch"))
        .isInstanceOfSatisfying(
            ToolException.class,
            e -> {
              assertThat(e.toolMessage()).isEqualTo("error: failed to get domain 'nosuch'");
              assertThat(e.fix()).contains("virsh list --all");
            });
  }

  @Test
  void refusesVmNamesThatCouldBeOptions() {
    assertThatThrownBy(() -> virsh.dumpxml("--all")).isInstanceOf(InvalidInputException.class);
    assertThat(host.commands()).isEmpty();
  }

  @Test
  void nodedevDetachAndReattachUseLibvirtsDeviceName() {
    host.on("virsh", "nodedev-detach", "pci_0000_e1_00_1", "--driver", "pci-stub")
        .stdoutFromFixture("virsh/nodedev-detach-ok.txt");
    host.on("virsh", "nodedev-reattach", "pci_0000_e1_00_1")
        .stdoutFromFixture("virsh/nodedev-reattach-ok.txt");

    virsh.nodedevDetach(VF1, "pci-stub");
    virsh.nodedevReattach(VF1);

    assertThat(host.argvs())
        .containsExactly(
            List.of("virsh", "nodedev-detach", "pci_0000_e1_00_1", "--driver", "pci-stub"),
            List.of("virsh", "nodedev-reattach", "pci_0000_e1_00_1"));
  }

  @Test
  void nodedevDetachOfAnUnknownDeviceKeepsBothErrorLines() {
    fails(
        "virsh/nodedev-detach-unknown.stderr",
        "virsh",
        "nodedev-detach",
        "pci_0000_e1_00_1",
        "--driver",
        "pci-stub");

    assertThatThrownBy(() -> virsh.nodedevDetach(VF1, "pci-stub"))
        .isInstanceOfSatisfying(
            ToolException.class,
            e ->
                assertThat(e.toolMessage())
                    .isEqualTo(
                        "error: Could not find matching device 'pci_0000_e1_00_1'\n"
                            + "error: Node device not found: no node device with matching name"
                            + " 'pci_0000_e1_00_1'"));
    assertThatThrownBy(() -> virsh.nodedevDetach(VF1, "--evil"))
        .isInstanceOf(InvalidInputException.class);
  }

  @Test
  void attachAndDetachDeviceLiveAndPersistent() {
    host.on("virsh", "attach-device", "vm1", "/tmp/vf.xml", "--live", "--config")
        .stdoutFromFixture("virsh/attach-device-ok.txt");
    host.on("virsh", "detach-device", "vm1", "/tmp/vf.xml", "--live", "--config")
        .stdoutFromFixture("virsh/detach-device-ok.txt");

    virsh.attachDevice("vm1", "/tmp/vf.xml");
    virsh.detachDevice("vm1", "/tmp/vf.xml");

    assertThat(host.argvs()).hasSize(2);
  }

  @Test
  void attachDeviceWithADuplicateMac() {
    fails(
        "virsh/attach-device-duplicate-mac.stderr",
        "virsh",
        "attach-device",
        "vm1",
        "/tmp/vf.xml",
        "--live",
        "--config");

    assertThatThrownBy(() -> virsh.attachDevice("vm1", "/tmp/vf.xml"))
        .isInstanceOfSatisfying(
            ToolException.class,
            e -> {
              assertThat(e.toolMessage())
                  .startsWith("error: Failed to attach device from /tmp/vfmigrate-vf1.xml\n")
                  .endsWith("network device with mac 52:54:00:56:8c:f7 already exists");
              assertThat(e.fix()).contains("MAC");
            });
  }

  @Test
  void attachDeviceWithoutVfioPassthroughIsNotBlamedOnTheMac() {
    fails(
        "virsh/attach-device-no-passthrough.stderr",
        "virsh",
        "attach-device",
        "vm1",
        "/tmp/vf.xml",
        "--live",
        "--config");

    assertThatThrownBy(() -> virsh.attachDevice("vm1", "/tmp/vf.xml"))
        .isInstanceOfSatisfying(
            ToolException.class,
            e -> {
              assertThat(e.toolMessage())
                  .endsWith("host doesn't support passthrough of host PCI devices");
              assertThat(e.fix())
                  .doesNotContain("MAC")
                  .contains("intel_iommu=on")
                  .contains("vfio-pci")
                  .contains("/dev/vfio/vfio");
            });
  }

  @Test
  void startMigrationBuildsTheArgvWithXmlFiles() {
    MigrateOptions options =
        MigrateOptions.of("vm1", "qemu+ssh://hostB/system")
            .withXml("/tmp/vm1-dest.xml")
            .withPersistentXml("/tmp/vm1-persist.xml")
            .withTimeout(Duration.ofMinutes(30));
    List<String> argv =
        List.of(
            "virsh",
            "migrate",
            "--live",
            "--persistent",
            "--undefinesource",
            "--verbose",
            "--xml",
            "/tmp/vm1-dest.xml",
            "--persistent-xml",
            "/tmp/vm1-persist.xml",
            "vm1",
            "qemu+ssh://hostB/system");
    host.on(argv.toArray(String[]::new))
        .answer(0, "\n", Fixtures.read("virsh/migrate-progress-9x.stderr"));

    RunningCommand running = virsh.startMigration(options);

    assertThat(host.commands()).hasSize(1);
    assertThat(host.commands().get(0).argv()).isEqualTo(argv);
    assertThat(host.commands().get(0).timeout()).isEqualTo(Duration.ofMinutes(30));
    assertThat(MigrationProgress.latest(running.stderrSoFar()).orElseThrow().complete()).isTrue();
    CommandResult result = running.poll().orElseThrow();
    assertThat(virsh.checkMigration(result)).isSameAs(result);
  }

  @Test
  void aMigrationErrorIsReadWithoutTheProgressReportsBeforeIt() {
    // virsh 9.x: the reports and the error share stderr, and the reports end in no newline.
    assertThat(
            MigrationProgress.withoutReports(
                "\rMigration: [ 12.50 %]\rMigration: [ 40.49 %]error: operation failed:"
                    + " job 'migration out' failed: Unable to write to socket: Connection reset by"
                    + " peer\n"))
        .isEqualTo(
            "error: operation failed: job 'migration out' failed: Unable to write to socket:"
                + " Connection reset by peer");
    // virsh 9.0 and older: integer percentages
    assertThat(MigrationProgress.withoutReports("\rMigration: [ 45 %]error: X\n"))
        .isEqualTo("error: X");
    assertThat(MigrationProgress.withoutReports("\rMigration: [100.00 %]")).isEmpty();
    assertThat(MigrationProgress.withoutReports("error: Y")).isEqualTo("error: Y");
  }

  @Test
  void startMigrationWithoutXmlFiles() {
    assertThat(MigrateOptions.of("vm1", "qemu+ssh://hostB/system").argv())
        .containsExactly(
            "virsh",
            "migrate",
            "--live",
            "--persistent",
            "--undefinesource",
            "--verbose",
            "vm1",
            "qemu+ssh://hostB/system");
    assertThatThrownBy(() -> MigrateOptions.of("vm1", "qemu+ssh://host B/system"))
        .isInstanceOf(InvalidInputException.class);
  }

  @Test
  void aRefusedMigrationKeepsQemusReason() {
    MigrateOptions options = MigrateOptions.of("vm1", "qemu+ssh://hostB/system");
    host.on(options.argv().toArray(String[]::new))
        .answer(1, "", Fixtures.read("virsh/migrate-viommu-blocked.stderr"));

    CommandResult result = virsh.startMigration(options).poll().orElseThrow();

    assertThatThrownBy(() -> virsh.checkMigration(result))
        .isInstanceOfSatisfying(
            ToolException.class,
            e ->
                assertThat(e.toolMessage())
                    .contains("Migration is currently not supported with vIOMMU enabled"));
  }

  @Test
  void domjobinfoAndCompleted() {
    host.on("virsh", "domjobinfo", "vm1").stdoutFromFixture("virsh/domjobinfo-unbounded.txt");
    host.on("virsh", "domjobinfo", "vm1", "--completed")
        .stdoutFromFixture("virsh/domjobinfo-completed.txt");

    assertThat(virsh.domjobinfo("vm1").type()).isEqualTo(JobType.UNBOUNDED);
    assertThat(virsh.domjobinfoCompleted("vm1").totalDowntime()).contains(Duration.ofMillis(187));
  }

  @Test
  void queryMigrateGoesThroughTheMonitor() {
    host.on("virsh", "qemu-monitor-command", "vm1", "{\"execute\":\"query-migrate\"}")
        .stdoutFromFixture("virsh/query-migrate-active-vfio.json");

    assertThat(virsh.queryMigrate("vm1").vfioTransferred()).hasValue(314572800);
  }

  @Test
  void domjobabortTellsWhetherThereWasAJob() {
    host.on("virsh", "domjobabort", "vm1").stdout("\n");
    fails("virsh/domjobabort-no-job.stderr", "virsh", "domjobabort", "vm2");
    fails("virsh/domain-not-running.stderr", "virsh", "domjobabort", "vm3");

    assertThat(virsh.domjobabort("vm1")).isTrue();
    assertThat(virsh.domjobabort("vm2")).isFalse();
    assertThatThrownBy(() -> virsh.domjobabort("vm3")).isInstanceOf(ToolException.class);
  }

  @Test
  void migrateSetMaxDowntime() {
    host.on("virsh", "migrate-setmaxdowntime", "vm1", "300").stdout("\n");

    virsh.migrateSetMaxDowntime("vm1", 300);

    assertThat(host.argvs())
        .containsExactly(List.of("virsh", "migrate-setmaxdowntime", "vm1", "300"));
    assertThatThrownBy(() -> virsh.migrateSetMaxDowntime("vm1", 0))
        .isInstanceOf(InvalidInputException.class);
  }

  @Test
  void qemuAgentCommandReturnsTheReplyAndTypesAnAbsentAgent() {
    String ping = "{\"execute\":\"guest-ping\"}";
    host.on("virsh", "qemu-agent-command", "vm1", ping).stdout("{\"return\":{}}\n\n");
    fails("virsh/agent-not-connected.stderr", "virsh", "qemu-agent-command", "vm2", ping);
    fails("virsh/agent-not-configured.stderr", "virsh", "qemu-agent-command", "vm3", ping);
    fails("virsh/domain-not-running.stderr", "virsh", "qemu-agent-command", "vm4", ping);

    assertThat(virsh.qemuAgentCommand("vm1", ping)).isEqualTo("{\"return\":{}}");
    assertThatThrownBy(() -> virsh.qemuAgentCommand("vm2", ping))
        .isInstanceOfSatisfying(
            GuestAgentUnavailableException.class,
            e -> {
              assertThat(e.toolMessage())
                  .isEqualTo(
                      "error: Guest agent is not responding: QEMU guest agent is not connected");
              assertThat(e.fix()).contains("qemu-guest-agent");
            });
    assertThatThrownBy(() -> virsh.qemuAgentCommand("vm3", ping))
        .isInstanceOfSatisfying(
            GuestAgentUnavailableException.class,
            e -> assertThat(e.fix()).contains("org.qemu.guest_agent.0"));
    assertThatThrownBy(() -> virsh.qemuAgentCommand("vm4", ping))
        .isInstanceOf(ToolException.class)
        .isNotInstanceOf(GuestAgentUnavailableException.class);
  }

  @Test
  void aDomainThatDoesNotRunHasNoJob() {
    // libvirt 9.0 on a shut-off domain, as the real lab answered it.
    host.on("virsh", "domjobinfo", "vm2")
        .answer(1, "", "error: Requested operation is not valid: domain is not running\n");
    host.on("virsh", "domjobinfo", "gone").answer(1, "", "error: failed to get domain 'gone'\n");

    assertThat(virsh.jobActive("vm2")).isFalse();
    assertThat(virsh.jobActive("gone")).isFalse();
  }
}
