package io.vfmigrate.lab.tools.virsh;

import static io.vfmigrate.lab.tools.virsh.DomainTestLab.assertFixture;
import static org.assertj.core.api.Assertions.assertThat;

import io.vfmigrate.lab.state.VmSpec;
import io.vfmigrate.lab.tools.ToolOutput;
import org.junit.jupiter.api.Test;

public class VirshEmulatorTest {
  private final DomainTestLab lab = new DomainTestLab();
  private final VirshEmulator virsh = new VirshEmulator();

  @Test
  void versionReportsPackagesWithTheTrailingEmptyLine() {
    ToolOutput out = lab.run(virsh, "src", "virsh", "version");

    assertThat(out.exitCode()).isZero();
    assertFixture("virsh-version.txt", out.stdout());
  }

  @Test
  void hypervisorCpuCompareReadsTheXmlFromStdinAsVirshDoes() {
    String xml =
        "<domain type='kvm'><cpu mode='custom' match='exact'><model>qemu64</model></cpu></domain>";
    java.util.List<String> argv =
        java.util.List.of(
            "virsh", "hypervisor-cpu-compare", "--error", "--virttype", "kvm", "/dev/stdin");

    ToolOutput fromStdin =
        virsh.run(lab.lab.host("dst").context(), argv, java.util.Optional.of(xml));
    ToolOutput nothing = virsh.run(lab.lab.host("dst").context(), argv, java.util.Optional.empty());

    // libvirt 9.0 on the real lab, 'virsh hypervisor-cpu-compare ... /dev/stdin < vm1.xml'.
    assertThat(fromStdin.exitCode()).isZero();
    assertThat(fromStdin.stdout())
        .isEqualTo(
            "The CPU provided by hypervisor on the host is a superset of CPU described in"
                + " /dev/stdin\n\n");
    // ... and '</dev/null': virsh read an empty file.
    assertThat(nothing.exitCode()).isEqualTo(1);
    assertThat(nothing.stderr())
        .isEqualTo(
            "error: File '/dev/stdin' does not contain any <cpu> element or valid domain XML, host"
                + " capabilities XML, or domain capabilities XML\n");
  }

  @Test
  void listAllPrintsVshTableActiveFirst() {
    lab.addVm("src", "db-backup", "shut off");
    lab.addVm("src", "app2", "running");

    ToolOutput out = lab.run(virsh, "src", "virsh", "list", "--all");

    assertFixture("virsh-list-all.txt", out.stdout());
  }

  @Test
  void listWithoutAllShowsActiveDomainsOnly() {
    lab.addVm("src", "db-backup", "shut off");

    assertThat(lab.run(virsh, "src", "virsh", "list", "--name").stdout()).isEqualTo("vm1\n\n");
    assertThat(lab.run(virsh, "src", "virsh", "list", "--all", "--name").stdout())
        .isEqualTo("vm1\ndb-backup\n\n");
  }

  @Test
  void quietDropsHeaderAndEmptyLine() {
    ToolOutput out = lab.run(virsh, "src", "virsh", "-q", "list", "--all");

    assertThat(out.stdout()).isEqualTo(" 1   vm1   running\n");
  }

  @Test
  void domstateOfEachState() {
    VmSpec off = lab.addVm("src", "vm2", "shut off");

    assertThat(lab.run(virsh, "src", "virsh", "domstate", "vm1").stdout()).isEqualTo("running\n\n");
    assertThat(lab.run(virsh, "src", "virsh", "domstate", off.name).stdout())
        .isEqualTo("shut off\n\n");
    assertThat(lab.run(virsh, "src", "virsh", "domstate", "--domain", "1", "--reason").stdout())
        .isEqualTo("running (booted)\n\n");
  }

  @Test
  void unknownDomainFailsLikeVirsh() {
    ToolOutput out = lab.run(virsh, "src", "virsh", "domstate", "nosuch");

    assertThat(out.exitCode()).isEqualTo(1);
    assertThat(out.stderr()).isEqualTo("error: failed to get domain 'nosuch'\n");
    assertThat(out.stdout()).isEqualTo("\n");
  }

  @Test
  void unknownCommandAndOptionAreParseErrorsWithoutEmptyLine() {
    ToolOutput command = lab.run(virsh, "src", "virsh", "frobnicate");
    ToolOutput option = lab.run(virsh, "src", "virsh", "domstate", "vm1", "--bogus");
    ToolOutput missing = lab.run(virsh, "src", "virsh", "dumpxml");

    assertThat(command.stderr()).isEqualTo("error: unknown command: 'frobnicate'\n");
    assertThat(option.stderr())
        .isEqualTo("error: command 'domstate' doesn't support option --bogus\n");
    assertThat(missing.stderr()).isEqualTo("error: command 'dumpxml' requires <domain> option\n");
    assertThat(command.stdout() + option.stdout() + missing.stdout()).isEmpty();
    assertThat(command.exitCode()).isEqualTo(1);
  }

  @Test
  void daemonDownIsTheModularDaemonConnectionError() {
    lab.host("src").services.put("libvirtd", "inactive");

    ToolOutput out = lab.run(virsh, "src", "virsh", "list", "--all", "--name");

    assertThat(out.exitCode()).isEqualTo(1);
    assertFixture("virsh-connect-failed.stderr", out.stderr());
    // Without -c virsh connects for the command; a failed one ends with its blank line.
    assertThat(out.stdout()).isEqualTo("\n");
  }

  @Test
  void withoutAUriEchoNeedsNoConnectionAndEachCommandConnectsInTurn() {
    // libvirt 9.0 with no libvirtd, checked on the real lab's machine.
    lab.host("src").services.put("libvirtd", "inactive");

    ToolOutput argv = lab.run(virsh, "src", "virsh", "echo", "a", "b");
    ToolOutput string = lab.run(virsh, "src", "virsh", "echo x; echo --err y");
    ToolOutput mixed = lab.run(virsh, "src", "virsh", "echo x; version; echo y");

    assertThat(argv.stdout()).isEqualTo("a b\n");
    assertThat(argv.exitCode()).isZero();
    assertThat(string.stdout()).isEqualTo("x\n\n");
    assertThat(string.stderr()).isEqualTo("error: y\n");
    assertThat(mixed.stdout()).isEqualTo("x\n\ny\n");
    assertThat(mixed.stderr()).startsWith("error: failed to connect to the hypervisor\n");
  }

  @Test
  void withAUriThatCannotConnectNothingRunsNotEvenEcho() {
    ToolOutput out = lab.run(virsh, "src", "virsh", "-c", "qemu+ssh://nowhere/system", "echo x");

    assertThat(out.exitCode()).isEqualTo(1);
    assertThat(out.stdout()).isEmpty();
    assertThat(out.stderr()).startsWith("error: failed to connect to the hypervisor\n");
  }

  @Test
  void connectUriReachesAnotherLabHost() {
    ToolOutput out =
        lab.run(
            virsh,
            "src",
            "virsh",
            "-c",
            "qemu+ssh://dst.lab.example/system",
            "list",
            "--all",
            "--name");
    ToolOutput unknown =
        lab.run(virsh, "src", "virsh", "--connect=qemu+ssh://nowhere/system", "version");

    assertThat(out.stdout()).isEqualTo("\n");
    assertThat(out.exitCode()).isZero();
    assertThat(unknown.stderr())
        .isEqualTo(
            "error: failed to connect to the hypervisor\n"
                + "error: Cannot recv data: ssh: Could not resolve hostname nowhere: Name or"
                + " service not known: Connection reset by peer\n");
    assertThat(unknown.stdout()).isEmpty();
  }

  @Test
  void dumpxmlOfAPlainDomainStoresAGeneratedUuid() {
    VmSpec vm = lab.vm("src", "vm1");
    assertThat(vm.uuid).isNull();

    ToolOutput out = lab.run(virsh, "src", "virsh", "dumpxml", "vm1");

    assertThat(vm.uuid).isNotNull();
    assertThat(out.stdout()).contains("<uuid>" + vm.uuid + "</uuid>");
    assertFixture("virsh-dumpxml-vm1.xml", out.stdout());
  }

  @Test
  void viommuDomainHasAnIntelIommu() {
    lab.vm("src", "vm1").viommu = true;

    ToolOutput out = lab.run(virsh, "src", "virsh", "dumpxml", "vm1", "--inactive");

    assertThat(out.stdout()).contains("    <iommu model='intel'/>\n");
    assertThat(out.stdout()).doesNotContain("id='1'");
  }
}
