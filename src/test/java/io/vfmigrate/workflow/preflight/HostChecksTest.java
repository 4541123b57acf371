package io.vfmigrate.workflow.preflight;

import static io.vfmigrate.testing.TestLab.host;
import static io.vfmigrate.testing.TestLab.nic;
import static io.vfmigrate.workflow.preflight.Findings.answer;
import static io.vfmigrate.workflow.preflight.Findings.assertCouldNotCheck;
import static io.vfmigrate.workflow.preflight.Findings.assertFinding;
import static io.vfmigrate.workflow.preflight.Findings.onDst;
import static org.assertj.core.api.Assertions.assertThat;

import io.vfmigrate.host.InventoryEntry;
import io.vfmigrate.host.ManagedHost;
import io.vfmigrate.lab.Lab;
import io.vfmigrate.model.Finding;
import io.vfmigrate.model.FindingStatus;
import io.vfmigrate.model.PciAddress;
import io.vfmigrate.testing.TestLab;
import io.vfmigrate.tools.FakeHost;
import io.vfmigrate.workflow.event.EventSink;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/**
 * The per-host checks at their boundaries: QEMU 8.1, iproute2 6.2, the packages, IOMMU, SR-IOV, the
 * PF's model, libvirt; each with its exact detail and fix, and with what it says when the fact
 * cannot be read.
 */
class HostChecksTest {
  // ---- libvirt-version ----

  @Test
  void libvirt10IsTheFloorForAManagedVfToGetItsVariantDriver() {
    assertFinding(
        onDst(s -> host(s, "dst").packages.put("libvirt", "10.0.0"), "libvirt-version"),
        FindingStatus.PASS,
        "libvirt 10.0.0 (virsh version) binds mlx5_vfio_pci to a managed VF itself",
        "");
    assertFinding(
        onDst(s -> host(s, "dst").packages.put("libvirt", "9.10.0"), "libvirt-version"),
        FindingStatus.FAIL,
        "libvirt 9.10.0 (virsh version) binds plain vfio-pci to a managed VF, which QEMU cannot"
            + " migrate; 10.0 or later binds its variant driver mlx5_vfio_pci",
        "dnf update -y libvirt (10.0 or later: RHEL 9.4, Debian 13), then restart libvirt");
  }

  @Test
  void aLibvirtThatDoesNotAnswerIsJudgedByItsPackage() {
    assertFinding(
        onDst(
            s -> {
              host(s, "dst").services.put("libvirtd", "inactive");
              host(s, "dst").packages.put("libvirt", "9.0.0");
            },
            "libvirt-version"),
        FindingStatus.FAIL,
        "libvirt 9.0.0 (package libvirt) binds plain vfio-pci to a managed VF, which QEMU cannot"
            + " migrate; 10.0 or later binds its variant driver mlx5_vfio_pci",
        "dnf update -y libvirt (10.0 or later: RHEL 9.4, Debian 13), then restart libvirt");
    Finding none =
        onDst(
            s -> {
              host(s, "dst").services.put("libvirtd", "inactive");
              host(s, "dst").packages.remove("libvirt");
            },
            "libvirt-version");
    assertThat(none.status()).isEqualTo(FindingStatus.FAIL);
    assertThat(none.detail()).startsWith("libvirt is not installed and does not answer (");
    assertThat(none.fix()).isEqualTo("dnf install -y libvirt && systemctl enable --now libvirtd");
  }

  // ---- qemu-version ----

  @Test
  void qemu81IsTheFloor() {
    assertFinding(
        onDst(s -> host(s, "dst").packages.put("qemu-kvm", "8.1.0"), "qemu-version"),
        FindingStatus.PASS,
        "QEMU 8.1.0 (running hypervisor)",
        "");
    assertFinding(
        onDst(s -> host(s, "dst").packages.put("qemu-kvm", "8.0.5"), "qemu-version"),
        FindingStatus.FAIL,
        "QEMU 8.0.5 cannot migrate VFIO devices; 8.1 or later is needed",
        "dnf update -y qemu-kvm (8.1 or later), then restart the VMs on the new QEMU");
  }

  @Test
  void whenLibvirtDoesNotAnswerTheInstalledPackageTells() {
    assertFinding(
        onDst(s -> host(s, "dst").services.put("libvirtd", "inactive"), "qemu-version"),
        FindingStatus.PASS,
        "QEMU 9.1.0 (package qemu-kvm)",
        "");
    assertFinding(
        onDst(
            s -> {
              host(s, "dst").services.put("libvirtd", "inactive");
              host(s, "dst").packages.put("qemu-kvm", "8.0.0");
            },
            "qemu-version"),
        FindingStatus.FAIL,
        "QEMU 8.0.0 cannot migrate VFIO devices; 8.1 or later is needed",
        "dnf update -y qemu-kvm (8.1 or later), then restart the VMs on the new QEMU");
  }

  @Test
  void aLibvirtWhoseHypervisorIsNotQemuFallsBackToThePackage() {
    // virsh version without a "Running hypervisor: QEMU" line (no QEMU driver connected).
    String version =
        "Compiled against library: libvirt 10.10.0\n"
            + "Using library: libvirt 10.10.0\n"
            + "Using API: QEMU 10.10.0\n";
    assertFinding(
        onDst(
            s -> {
              host(s, "dst").faults.add(answer("virsh version", 0, version, ""));
              host(s, "dst").packages.put("qemu-kvm", "8.2.0");
            },
            "qemu-version"),
        FindingStatus.PASS,
        "QEMU 8.2.0 (package qemu-kvm)",
        "");
  }

  @Test
  void withoutQemuAndLibvirtARhelHostIsToldToInstallBoth() {
    Finding f =
        onDst(
            s -> {
              host(s, "dst").services.put("libvirtd", "inactive");
              host(s, "dst").packages.remove("qemu-kvm");
            },
            "qemu-version");
    assertThat(f.status()).isEqualTo(FindingStatus.FAIL);
    assertThat(f.detail()).startsWith("QEMU is not installed and libvirt does not answer (");
    assertThat(f.fix())
        .isEqualTo("dnf install -y qemu-kvm libvirt && systemctl enable --now libvirtd");
  }

  // ---- libvirt-running ----

  @Test
  void libvirtAnswersWithItsVersion() {
    assertFinding(
        onDst(TestLab.defaultLab(), "libvirt-running"),
        FindingStatus.PASS,
        "libvirt 10.10.0 answers",
        "");
  }

  @Test
  void whenSystemdCannotTellTheDaemonBothWaysAreGiven() {
    Finding f =
        onDst(
            s -> {
              host(s, "dst").services.put("libvirtd", "inactive");
              host(s, "dst").faults.add(answer("systemctl", 1, "", "Failed to connect to bus\n"));
            },
            "libvirt-running");
    assertThat(f.status()).isEqualTo(FindingStatus.FAIL);
    assertThat(f.detail()).startsWith("libvirt does not answer: ");
    assertThat(f.fix())
        .isEqualTo(
            "systemctl enable --now libvirtd (or, with modular daemons, systemctl enable --now"
                + " virtqemud.socket virtqemud-ro.socket virtqemud-admin.socket)");
  }

  // ---- packages ----

  @Test
  void mstflintPassesWithItsVersion() {
    assertFinding(
        onDst(TestLab.defaultLab(), "mstflint-installed"),
        FindingStatus.PASS,
        "mstflint 4.26.0",
        "");
  }

  @Test
  void openvswitchUnderItsRhelVersionedNamePasses() {
    assertFinding(
        onDst(TestLab.defaultLab(), "openvswitch-installed"),
        FindingStatus.PASS,
        "openvswitch3.3 3.3.0",
        "");
  }

  @Test
  void aPackageThatOnlyStartsWithOpenvswitchDoesNotCount() {
    assertFinding(
        onDst(
            s -> {
              host(s, "dst").packages.remove("openvswitch3.3");
              host(s, "dst").packages.put("openvswitch-selinux-extra-policy", "1.0");
            },
            "openvswitch-installed"),
        FindingStatus.FAIL,
        "no openvswitch package is installed; in switchdev mode the NIC passes no traffic without"
            + " it",
        "dnf install -y openvswitch3.3 (RHEL: enable the fast-datapath repository first; Fedora"
            + " and CentOS Stream: dnf install -y openvswitch)");
  }

  @Test
  void aDebianHostWithoutOpenvswitchIsToldToInstallTheDebianPackage() {
    assertFinding(
        onDst(
            s -> {
              TestLab.debian(s, "dst");
              host(s, "dst").packages.remove("openvswitch-switch");
            },
            "openvswitch-installed"),
        FindingStatus.FAIL,
        "no openvswitch package is installed; in switchdev mode the NIC passes no traffic without"
            + " it",
        "apt-get install -y openvswitch-switch");
  }

  @Test
  void aDebianHostsMstflintIsFoundByDpkgWithItsUpstreamVersion() {
    assertFinding(
        onDst(s -> TestLab.debian(s, "dst"), "mstflint-installed"),
        FindingStatus.PASS,
        "mstflint 4.31.0",
        "");
  }

  // ---- devlink-migratable ----

  @Test
  void iproute2Before62CannotSetMigratable() {
    assertFinding(
        onDst(s -> host(s, "dst").packages.put("iproute", "6.1.0"), "devlink-migratable"),
        FindingStatus.FAIL,
        "devlink (6.1.0) cannot set 'migratable'; iproute2 6.2 or later is needed",
        "dnf install -y iproute (6.2 or later; RHEL 9.2+ ships it)");
  }

  @Test
  void iproute262WithoutVfPortsPasses() {
    assertFinding(
        onDst(TestLab.defaultLab(), "devlink-migratable"),
        FindingStatus.PASS,
        "devlink supports 'migratable' (6.2.0)",
        "");
  }

  @Test
  void oneVfPortThatExposesMigratableIsCountedInTheSingular() {
    Lab lab = TestLab.defaultLab();
    new io.vfmigrate.workflow.prepare.Prepare(e -> {})
        .run(
            TestLab.fleet(lab, e -> {}).get("dst"),
            new io.vfmigrate.workflow.prepare.PrepareOptions("br-vf", OptionalInt.of(1)),
            false);
    assertFinding(
        onDst(lab, "devlink-migratable"),
        FindingStatus.PASS,
        "devlink supports 'migratable' (6.2.0; 1 VF port exposes it)",
        "");
  }

  // ---- iommu-enabled, sriov-capable ----

  @Test
  void iommuGroupsPresentPass() {
    assertFinding(
        onDst(TestLab.defaultLab(), "iommu-enabled"),
        FindingStatus.PASS,
        "IOMMU groups present in /sys/kernel/iommu_groups",
        "");
    assertFinding(
        onDst(s -> host(s, "dst").iommu = false, "iommu-enabled"),
        FindingStatus.FAIL,
        "/sys/kernel/iommu_groups is empty: the IOMMU is off",
        "enable VT-d/AMD-Vi in the firmware setup, then: grubby --update-kernel=ALL"
            + " --args=\"intel_iommu=on iommu=pt\" (AMD: amd_iommu=on iommu=pt) and reboot");
  }

  @Test
  void oneVfIsEnoughForSriovZeroIsNot() {
    assertFinding(
        onDst(s -> nic(s, "dst").totalVfs = 1, "sriov-capable"),
        FindingStatus.PASS,
        "sriov_totalvfs 1",
        "");
    assertFinding(
        onDst(s -> nic(s, "dst").totalVfs = 0, "sriov-capable"),
        FindingStatus.FAIL,
        "sriov_totalvfs is 0: SR-IOV is disabled in the NIC firmware",
        "mstconfig -y -d 0000:e1:00.0 set SRIOV_EN=1 NUM_OF_VFS=16, enable SR-IOV in the server's"
            + " firmware setup, then reboot");
  }

  // ---- nic-model, on a host whose PCI ids are given ----

  private static final String PF = "0000:e1:00.0";

  private static HostProbe probe(FakeHost host) {
    InventoryEntry entry =
        InventoryEntry.basic(
            "h1",
            "ssh",
            "192.0.2.21",
            PciAddress.parse(PF),
            InventoryEntry.defaultUri("192.0.2.21"),
            InventoryEntry.DEFAULT_BRIDGE,
            Optional.empty());
    return new HostProbe(new ManagedHost(entry, host));
  }

  private static FakeHost pci(String vendor, String device) {
    return new FakeHost("h1")
        .file("/sys/bus/pci/devices/" + PF + "/vendor", vendor + "\n")
        .file("/sys/bus/pci/devices/" + PF + "/device", device + "\n");
  }

  @Test
  void aConnectX7Passes() {
    assertFinding(
        new NicModelCheck().check(probe(pci("0x15b3", "0x1021"))),
        FindingStatus.PASS,
        "0000:e1:00.0 is a ConnectX-7 (15b3:1021)",
        "");
  }

  @Test
  void aNicOfAnotherVendorIsNamedSoByEveryCheckThatNeedsAConnectX7() {
    HostProbe p = probe(pci("0x8086", "0x1592"));
    assertFinding(
        new NicModelCheck().check(p),
        FindingStatus.FAIL,
        "0000:e1:00.0 is not Mellanox (8086:1592); only ConnectX-7 (15b3:1021) can live-migrate"
            + " VFs",
        NicModelCheck.USE_CONNECTX_7);
    assertFinding(
        new FirmwareVersionCheck().check(p),
        FindingStatus.FAIL,
        "0000:e1:00.0 is a NIC that is not Mellanox's: no firmware of it can migrate VFs, only a"
            + " ConnectX-7's (see nic-model)",
        NicModelCheck.USE_CONNECTX_7);
    assertFinding(
        new VfMigrationModeCheck().check(p),
        FindingStatus.FAIL,
        "0000:e1:00.0 is a NIC that is not Mellanox's, whose firmware has no VF_MIGRATION_MODE"
            + " (ConnectX-7 only; see nic-model)",
        NicModelCheck.USE_CONNECTX_7);
  }

  @Test
  void aMellanoxNicIsNamedByItsModelOrAsAMellanoxNic() {
    assertThat(new NicModelCheck().check(probe(pci("0x15b3", "0xa2dc"))).detail())
        .isEqualTo(
            "0000:e1:00.0 is BlueField-3 (15b3:a2dc); only ConnectX-7 (15b3:1021) can"
                + " live-migrate VFs");
    assertThat(NicModelCheck.otherModel(probe(pci("0x15b3", "0x101e"))))
        .contains("ConnectX VF (not a PF)");
    assertThat(new NicModelCheck().check(probe(pci("0x15b3", "0x1019"))).detail())
        .isEqualTo(
            "0000:e1:00.0 is Mellanox NIC (15b3:1019); only ConnectX-7 (15b3:1021) can"
                + " live-migrate VFs");
    assertThat(NicModelCheck.otherModel(probe(pci("0x15b3", "0x1019")))).contains("Mellanox NIC");
    assertThat(NicModelCheck.otherModel(probe(pci("0x15b3", "0x1021")))).isEmpty();
  }

  @Test
  void noPciDeviceAtThePfAddressFailsNicModelAndSriov() {
    HostProbe p = probe(new FakeHost("h1"));
    assertFinding(
        new NicModelCheck().check(p),
        FindingStatus.FAIL,
        "no PCI device at 0000:e1:00.0",
        "find the ConnectX-7 PF with 'lshw -c network -businfo' and set its address as 'pf' in"
            + " the inventory");
    assertThat(NicModelCheck.otherModel(p)).as("unknown is not 'another model'").isEmpty();
    assertFinding(
        new SriovCapableCheck().check(p),
        FindingStatus.FAIL,
        "0000:e1:00.0 has no sriov_totalvfs: SR-IOV is not available",
        "mstconfig -y -d 0000:e1:00.0 set SRIOV_EN=1 NUM_OF_VFS=16, enable SR-IOV in the server's"
            + " firmware setup, then reboot");
  }

  @Test
  void everyHostCheckOfAnUnreadableHostFailsNoneIsTakenForPassing() {
    // The host answers uname but every tool the checks use fails.
    Lab lab =
        TestLab.with(
            s -> {
              for (String cmd :
                  java.util.List.of(
                      "mstflint",
                      "mstconfig",
                      "devlink",
                      "virsh",
                      "rpm",
                      "dpkg-query",
                      "modinfo")) {
                host(s, "dst").faults.add(answer(cmd, 1, "", cmd + ": Input/output error\n"));
              }
            });
    PreflightReport r =
        new Preflight(TestLab.fleet(lab, EventSink.none()), EventSink.none())
            .run(java.util.List.of("dst"), Optional.empty());
    for (String id :
        java.util.List.of(
            "firmware-version",
            "mstflint-installed",
            "vf-migration-mode",
            "openvswitch-installed",
            "devlink-migratable",
            "vfio-variant-driver")) {
      assertCouldNotCheck(Findings.find(r, id, "dst"), "");
    }
    assertThat(Findings.find(r, "qemu-version", "dst").status()).isEqualTo(FindingStatus.FAIL);
    assertThat(Findings.find(r, "libvirt-running", "dst").status()).isEqualTo(FindingStatus.FAIL);
    assertThat(r.ok()).isFalse();
  }

  // ---- vfio-variant-driver ----

  @Test
  void theVariantDriverIsFoundByModinfo() {
    Finding f = onDst(TestLab.defaultLab(), "vfio-variant-driver");
    assertThat(f.status()).isEqualTo(FindingStatus.PASS);
    assertThat(f.detail()).startsWith("mlx5_vfio_pci available (/lib/modules/").endsWith(")");
  }

  @Test
  void aKernelWithoutTheVariantDriverIsNamed() {
    assertFinding(
        onDst(s -> host(s, "dst").kernel = "5.10.0-28-amd64", "vfio-variant-driver"),
        FindingStatus.FAIL,
        "kernel 5.10.0-28-amd64 has no mlx5_vfio_pci module",
        "boot a kernel that ships mlx5_vfio_pci (upstream 5.18 or later, 6.7+ recommended; RHEL 9:"
            + " dnf install -y kernel-modules-core kernel-modules and reboot into the newest"
            + " kernel)");
  }
}
