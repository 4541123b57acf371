package io.vfmigrate.tools.virsh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vfmigrate.host.Command;
import io.vfmigrate.model.ByteSize;
import io.vfmigrate.tools.FakeHost;
import io.vfmigrate.tools.FakeHost.Fixtures;
import io.vfmigrate.tools.ToolException;
import io.vfmigrate.tools.ToolOutputException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The host-describing virsh commands against output captured from libvirt 9.0 (fixtures/real). */
class VirshHostTest {
  private final FakeHost host = new FakeHost("dst");
  private final VirshHost virsh = new VirshHost(host);

  private static String real(String name) {
    return Fixtures.read("real/" + name);
  }

  @Test
  void capabilitiesGiveUuidCpuPagesAndMachinesWithAliases() {
    host.on("virsh", "capabilities").stdout(real("capabilities-dst.xml"));

    HostCapabilities caps = virsh.capabilities();

    assertThat(caps.uuid()).isEqualTo("22222222-2222-4222-8222-222222222222");
    assertThat(caps.cpu().arch()).isEqualTo("x86_64");
    assertThat(caps.cpu().vendor()).isEqualTo("AMD");
    assertThat(caps.cpu().model()).isEqualTo("kvm64");
    assertThat(caps.cpu().features()).contains("vme", "avx2", "avx512f").doesNotContain("svm");
    assertThat(caps.pageSizesKib()).containsExactly(4L, 2048L, 1048576L);
    assertThat(caps.supportsMachine("x86_64", "pc-q35-7.2")).isTrue();
    assertThat(caps.supportsMachine("x86_64", "q35")).isTrue();
    assertThat(caps.supportsMachine("x86_64", "pc")).isTrue();
    assertThat(caps.supportsMachine("x86_64", "pc-q35-rhel9.4.0")).isFalse();
    assertThat(caps.supportsMachine("aarch64", "virt")).isFalse();
  }

  @Test
  void domcapabilitiesNameTheEmulatorAndTheCanonicalMachineType() {
    host.on("virsh", "domcapabilities", "--virttype", "kvm", "--arch", "x86_64", "--machine", "pc")
        .stdout(real("domcapabilities.xml"));

    DomainCapabilities d = virsh.domainCapabilities("kvm", "x86_64", "pc").orElseThrow();

    assertThat(d.emulator()).isEqualTo("/usr/bin/qemu-system-x86_64");
    assertThat(d.virtType()).isEqualTo("kvm");
    assertThat(d.machine()).isEqualTo("pc-i440fx-7.2");
    assertThat(d.arch()).isEqualTo("x86_64");
  }

  @Test
  void domcapabilitiesOfTcgAnswerAnAliasWithItsCanonicalName() {
    DomainCapabilities d = DomainCapabilities.parse(real("domcapabilities-qemu-pc.xml"));

    assertThat(d.virtType()).isEqualTo("qemu");
    assertThat(d.machine()).isEqualTo("pc-i440fx-7.2");
  }

  @Test
  void domcapabilitiesOfAMachineTypeTheEmulatorLacksAreEmpty() {
    host.on(
            "virsh",
            "domcapabilities",
            "--virttype",
            "qemu",
            "--arch",
            "x86_64",
            "--machine",
            "pc-i440fx-7.1")
        .answer(1, "", real("domcapabilities-bad-machine.stderr"));

    assertThat(virsh.domainCapabilities("qemu", "x86_64", "pc-i440fx-7.1")).isEmpty();
  }

  @Test
  void domcapabilitiesOtherErrorsAreToolErrors() {
    host.on("virsh", "domcapabilities", "--virttype", "kvm", "--arch", "x86_64", "--machine", "pc")
        .answer(1, "", "error: failed to connect to the hypervisor\n");

    assertThatThrownBy(() -> virsh.domainCapabilities("kvm", "x86_64", "pc"))
        .isInstanceOf(ToolException.class);
    assertThatThrownBy(() -> DomainCapabilities.parse("<capabilities/>\n"))
        .isInstanceOf(ToolOutputException.class);
  }

  @Test
  void capabilitiesThatAreNotCapabilitiesAreAnOutputError() {
    host.on("virsh", "capabilities").stdout("<domainCapabilities/>\n\n");

    assertThatThrownBy(virsh::capabilities).isInstanceOf(ToolOutputException.class);
  }

  @Test
  void hostCpuNamesTheFeaturesAnotherLacks() {
    HostCpu a = new HostCpu("x86_64", "Intel", "Icelake-Server", List.of("avx512f", "pku", "vmx"));
    HostCpu b = new HostCpu("x86_64", "Intel", "Icelake-Server", List.of("vmx"));

    assertThat(a.featuresMissingFrom(b)).containsExactly("avx512f", "pku");
    assertThat(b.featuresMissingFrom(a)).isEmpty();
  }

  @Test
  void nodememstats() {
    host.on("virsh", "nodememstats").stdout(real("nodememstats.txt"));

    NodeMemory m = virsh.nodememstats();

    assertThat(m.total()).isEqualTo(ByteSize.ofBytes(24683664L * 1024));
    assertThat(m.free()).isEqualTo(ByteSize.ofBytes(20669964L * 1024));
    assertThat(m.available()).isEqualTo(ByteSize.ofBytes((20669964L + 6256 + 392884) * 1024));
  }

  @Test
  void freepagesOfOneSizeAndOfAll() {
    host.on("virsh", "freepages", "--pagesize", "2048", "--all").stdout(real("freepages-2048.txt"));

    assertThat(virsh.freepages(2048).total(2048)).isZero();
    assertThat(FreePages.parse(real("freepages-all.txt")).total(4)).isEqualTo(854213);
  }

  @Test
  void freepagesAddsUpEveryNumaNode() {
    FreePages pages = FreePages.parse("Node 0:\n1048576KiB: 4\n\nNode 1:\n1048576KiB: 3\n\n\n");

    assertThat(pages.total(1048576)).isEqualTo(7);
    assertThat(pages.total(2048)).isZero();
  }

  @Test
  void cpuCompareSupersetGivesTheXmlOnStdinInOneExecWithNoTemporaryFile() {
    host.on(
            "virsh",
            "hypervisor-cpu-compare",
            "--error",
            "--virttype",
            "qemu",
            "--arch",
            "x86_64",
            "--machine",
            "pc-i440fx-7.2",
            "/dev/stdin")
        .stdout(real("hypervisor-cpu-compare-superset.txt"));

    CpuComparison c = virsh.hypervisorCpuCompare("<domain/>", "qemu", "x86_64", "pc-i440fx-7.2");

    assertThat(c.result()).isEqualTo(CpuComparison.Result.SUPERSET);
    assertThat(c.compatible()).isTrue();
    assertThat(host.commands()).hasSize(1);
    assertThat(host.commands().get(0).stdin()).contains("<domain/>");
    assertThat(host.commands().get(0).env()).containsEntry("LC_ALL", "C");
  }

  @Test
  void cpuCompareIncompatibleNamesTheMissingFeatures() {
    host.on(
            "virsh",
            "hypervisor-cpu-compare",
            "--error",
            "--virttype",
            "kvm",
            "--arch",
            "x86_64",
            "/dev/stdin")
        .answer(1, "\n", real("hypervisor-cpu-compare-incompatible.stderr"));

    CpuComparison c = virsh.hypervisorCpuCompare("<domain/>", "kvm", "x86_64", "");

    assertThat(c.compatible()).isFalse();
    assertThat(c.missingFeatures()).containsExactly("avx512f");
    assertThat(c.reason()).isEqualTo("Host CPU does not provide required features: avx512f");
  }

  @Test
  void cpuCompareWithManyMissingFeaturesAndWithoutError() {
    CpuComparison many =
        CpuComparison.incompatible(real("hypervisor-cpu-compare-incompatible-many.stderr"))
            .orElseThrow();
    assertThat(many.missingFeatures()).startsWith("pni", "pclmuldq").endsWith("rdtscp", "abm");

    assertThat(CpuComparison.parse(real("hypervisor-cpu-compare-incompatible.txt")).compatible())
        .isFalse();
  }

  @Test
  void cpuCompareOtherErrorsAreToolErrors() {
    host.on(
            "virsh",
            "hypervisor-cpu-compare",
            "--error",
            "--virttype",
            "qemu",
            "--arch",
            "x86_64",
            "--machine",
            "pc-q35-rhel9.4.0",
            "/dev/stdin")
        .answer(1, "\n", real("hypervisor-cpu-compare-bad-machine.stderr"));

    assertThatThrownBy(
            () -> virsh.hypervisorCpuCompare("<domain/>", "qemu", "x86_64", "pc-q35-rhel9.4.0"))
        .isInstanceOf(ToolException.class)
        .hasMessageContaining("is not supported by emulator");
  }

  @Test
  void connectAddsNoTtyAndReportsLibvirtsError() {
    String uri = "qemu+unix:///system?socket=/tmp/vfmigrate-real-lab/B/sock/libvirt-sock";
    host.on("virsh", "-c", uri + "&no_tty=1", "uri").stdout(real("uri.txt"));
    host.on("virsh", "-c", "qemu+ssh://10.99.0.2/system?no_tty=1", "uri")
        .answer(1, "", real("uri-ssh-refused.stderr"));

    assertThat(virsh.connect(uri).reached()).isTrue();
    PeerConnection refused = virsh.connect("qemu+ssh://10.99.0.2/system");
    assertThat(refused.reached()).isFalse();
    assertThat(refused.error()).contains("connect to host 10.99.0.2 port 22: Connection refused");
    assertThat(refused.fix("src", "dst")).contains("sshd");
    Command probe = host.commands().get(host.commands().size() - 1);
    assertThat(probe.timeout()).isEqualTo(VirshHost.CONNECT_TIMEOUT);
  }

  @Test
  void connectFixesForKeysAndHostKeys() {
    PeerConnection denied =
        new PeerConnection(
            "qemu+ssh://b/system?no_tty=1",
            false,
            "error: Cannot recv data: root@b: Permission denied (publickey,password).");
    PeerConnection hostKey =
        new PeerConnection("u", false, "error: Cannot recv data: Host key verification failed.");

    assertThat(denied.fix("a", "b")).contains("ssh-copy-id b");
    assertThat(hostKey.fix("a", "b")).contains("host key");
  }
}
