package io.vfmigrate.host;

import static org.assertj.core.api.Assertions.assertThat;

import io.vfmigrate.model.PciAddress;
import io.vfmigrate.tools.FakeHost;
import io.vfmigrate.tools.dpkg.Dpkg;
import io.vfmigrate.tools.virsh.Virsh;
import org.junit.jupiter.api.Test;

/**
 * Which host answers what on the real lab: the NIC, its VFs and its tools' packages are emulated.
 */
class HardwareOverlayHostTest {
  private static final String FORMAT = "-f=${Package} ${Version} ${db:Status-Abbrev}\\n";

  private final FakeHost real = new FakeHost("src");
  private final FakeHost hardware = new FakeHost("lab-src");
  private final HardwareOverlayHost host = new HardwareOverlayHost(real, hardware);

  @Test
  void thePackageOfAnEmulatedToolIsAskedOfTheEmulationOthersOfTheRealHost() {
    hardware.on("dpkg-query", "-W", FORMAT, "mstflint").stdout("mstflint 4.26.0-1 ii \n");
    real.on("dpkg-query", "-W", FORMAT, "mstflint")
        .answer(1, "", "dpkg-query: no packages found matching mstflint\n");
    real.on("dpkg-query", "-W", FORMAT, "openvswitch-switch")
        .stdout("openvswitch-switch 3.1.0-2+deb12u1 ii \n");

    Dpkg dpkg = new Dpkg(host);
    assertThat(dpkg.query("mstflint"))
        .get()
        .extracting(p -> p.upstreamVersion())
        .isEqualTo("4.26.0");
    assertThat(dpkg.query("openvswitch-switch"))
        .get()
        .extracting(p -> p.upstreamVersion())
        .isEqualTo("3.1.0");
    assertThat(real.argvs())
        .extracting(a -> a.get(a.size() - 1))
        .containsExactly("openvswitch-switch");
  }

  @Test
  void theVfsNodeDevicesAreTheEmulatedNicsTheDomainsAreReal() {
    hardware.on("virsh", "nodedev-detach", "pci_0000_e1_00_1", "--driver", "pci-stub").succeeds();
    real.on("virsh", "list", "--all", "--name").stdout("vm1\n\n");

    Virsh virsh = new Virsh(host);
    virsh.nodedevDetach(PciAddress.parse("0000:e1:00.1"), "pci-stub");
    assertThat(virsh.listAllNames()).containsExactly("vm1");
    assertThat(hardware.argvs()).hasSize(1);
    assertThat(real.argvs()).hasSize(1);
  }

  @Test
  void systemctlAndTheNicsToolsGoWhereTheyBelong() {
    assertThat(HardwareOverlayHost.isHardware(java.util.List.of("systemctl", "start", "x")))
        .isFalse();
    assertThat(HardwareOverlayHost.isHardware(java.util.List.of("devlink", "dev", "show")))
        .isTrue();
    assertThat(HardwareOverlayHost.isHardware(java.util.List.of("rpm", "-q", "rpm"))).isFalse();
    assertThat(HardwareOverlayHost.isHardware(java.util.List.of("rpm", "-q", "mstflint"))).isTrue();
  }

  @Test
  void claimsAreKeptPerHostWithItsEmulatedHardwareNotInTheSharedMachine() {
    FakeHost machine = new FakeHost("machine");
    HardwareOverlayHost src = new HardwareOverlayHost(machine, new FakeHost("lab-src"));
    HardwareOverlayHost dst = new HardwareOverlayHost(machine, new FakeHost("lab-dst"));
    String mac = "/run/vfmigrate/macs/52-54-00-11-22-33";
    assertThat(src.createExclusive(mac, "op1\n")).isTrue();
    assertThat(dst.createExclusive(mac, "op1\n")).isTrue();
    assertThat(src.createExclusive(mac, "op2\n")).isFalse();
    assertThat(machine.exists(mac)).isFalse();
    assertThat(src.createExclusive("/tmp/x", "y")).isTrue();
    assertThat(machine.exists("/tmp/x")).isTrue();
  }
}
