package io.vfmigrate.workflow.preflight;

import static io.vfmigrate.testing.TestLab.host;
import static io.vfmigrate.testing.TestLab.nic;
import static org.assertj.core.api.Assertions.assertThat;

import io.vfmigrate.lab.Lab;
import io.vfmigrate.lab.state.LabSpec;
import io.vfmigrate.model.Finding;
import io.vfmigrate.model.FindingStatus;
import io.vfmigrate.testing.TestLab;
import io.vfmigrate.workflow.event.Event;
import io.vfmigrate.workflow.event.RecordingEventSink;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class PreflightTest {
  private static PreflightReport check(Lab lab, Optional<String> vm) {
    return new Preflight(TestLab.fleet(lab, e -> {}), e -> {}).run(List.of(), vm);
  }

  private static PreflightReport check(Consumer<LabSpec> scenario) {
    return check(TestLab.with(scenario), Optional.of("vm1"));
  }

  private static Finding finding(PreflightReport r, String id, String host) {
    return r.findings().stream()
        .filter(f -> f.id().equals(id) && f.host().equals(host))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no finding " + id + " on " + host + ": " + r));
  }

  private static void assertFails(PreflightReport r, String id, String host, String fixPart) {
    Finding f = finding(r, id, host);
    assertThat(f.status()).as(f.toString()).isEqualTo(FindingStatus.FAIL);
    assertThat(f.fix()).as(f.toString()).contains(fixPart);
    assertThat(r.ok()).isFalse();
  }

  @Test
  void theDefaultLabIsReadyWithAFirmwareWarning() {
    PreflightReport r = check(TestLab.defaultLab(), Optional.of("vm1"));
    assertThat(r.findings()).filteredOn(Finding::failed).isEmpty();
    assertThat(r.ok()).isTrue();
    assertThat(finding(r, "firmware-version", "src").status()).isEqualTo(FindingStatus.WARN);
    assertThat(r.findings())
        .extracting(Finding::id)
        .contains(
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
            "firmware-match",
            "psid-match",
            "vm-no-viommu");
  }

  @Test
  void everyFindingIsReportedAsAnEvent() {
    RecordingEventSink events = new RecordingEventSink();
    PreflightReport r =
        new Preflight(TestLab.fleet(TestLab.defaultLab(), e -> {}), events)
            .run(List.of("src"), Optional.empty());
    assertThat(events.eventsOf(Event.FindingReported.class)).hasSize(r.findings().size());
  }

  @Test
  void aDestinationWithOldFirmwareAndAnotherCardFailsThreeChecksWithFixes() {
    PreflightReport r =
        check(
            spec -> {
              nic(spec, "dst").firmware = "28.35.1012";
              nic(spec, "dst").psid = "MT_0000000999";
            });
    assertFails(r, "firmware-version", "dst", "28.41.1000");
    assertFails(r, "firmware-match", "src,dst", "flash dst");
    assertFails(r, "psid-match", "src,dst", "PSID");
    assertThat(finding(r, "firmware-version", "src").status()).isEqualTo(FindingStatus.WARN);
  }

  @Test
  void withoutMstflintTheCheckFailsAndEveryOtherFindingIsStillReported() {
    PreflightReport full = check(TestLab.defaultLab(), Optional.of("vm1"));
    PreflightReport r = check(spec -> host(spec, "src").packages.remove("mstflint"));
    assertFails(r, "mstflint-installed", "src", "dnf install -y mstflint");
    assertThat(r.findings()).hasSameSizeAs(full.findings());
    // The firmware is still read, through devlink, so the pair checks still pass.
    assertThat(finding(r, "firmware-version", "src").status()).isEqualTo(FindingStatus.WARN);
    assertThat(finding(r, "firmware-match", "src,dst").status()).isEqualTo(FindingStatus.PASS);
  }

  @Test
  void migrationModeDisabledNeedsMstconfigAndAReboot() {
    PreflightReport r = check(spec -> nic(spec, "dst").vfMigrationMode = 0);
    assertFails(
        r, "vf-migration-mode", "dst", "mstconfig -y -d 0000:e1:00.0 set VF_MIGRATION_MODE=2");
  }

  @Test
  void migrationModeSetForNextBootOnlyNeedsAReboot() {
    PreflightReport r =
        check(
            spec -> {
              nic(spec, "dst").vfMigrationMode = 0;
              nic(spec, "dst").vfMigrationModeNext = 2;
            });
    assertFails(r, "vf-migration-mode", "dst", "lab reboot dst");
  }

  @Test
  void aConnectX6DxCannotMigrateVfs() {
    PreflightReport r = check(spec -> nic(spec, "dst").model = "ConnectX-6 Dx");
    assertFails(r, "nic-model", "dst", "ConnectX-7");
  }

  @Test
  void missingOpenvswitchFails() {
    PreflightReport r = check(spec -> host(spec, "dst").packages.remove("openvswitch3.3"));
    assertFails(r, "openvswitch-installed", "dst", "dnf install -y openvswitch");
  }

  @Test
  void iommuOffFails() {
    assertFails(check(spec -> host(spec, "dst").iommu = false), "iommu-enabled", "dst", "iommu=on");
  }

  @Test
  void noSriovFails() {
    assertFails(check(spec -> nic(spec, "dst").totalVfs = 0), "sriov-capable", "dst", "SRIOV_EN=1");
  }

  @Test
  void aKernelWithoutTheVariantDriverFails() {
    assertFails(
        check(spec -> host(spec, "dst").kernel = "5.10.0-28-amd64"),
        "vfio-variant-driver",
        "dst",
        "mlx5_vfio_pci");
  }

  @Test
  void aRhel9KernelHasTheVariantDriverDespiteItsVersion() {
    PreflightReport r = check(TestLab.defaultLab(), Optional.empty());
    assertThat(finding(r, "vfio-variant-driver", "src").status()).isEqualTo(FindingStatus.PASS);
  }

  @Test
  void anOldIproute2CannotSetMigratable() {
    assertFails(
        check(spec -> host(spec, "dst").packages.put("iproute", "5.18.0")),
        "devlink-migratable",
        "dst",
        "iproute");
  }

  @Test
  void anOldQemuFails() {
    assertFails(
        check(spec -> host(spec, "dst").packages.put("qemu-kvm", "7.2.0")),
        "qemu-version",
        "dst",
        "qemu-kvm");
  }

  @Test
  void aStoppedLibvirtFails() {
    assertFails(
        check(spec -> host(spec, "dst").services.put("libvirtd", "inactive")),
        "libvirt-running",
        "dst",
        "systemctl enable --now libvirtd");
  }

  @Test
  void aVmWithAVirtualIommuFails() {
    assertFails(
        check(spec -> host(spec, "src").vms.get(0).viommu = true), "vm-no-viommu", "src", "<iommu");
  }

  @Test
  void anUnknownVmFails() {
    PreflightReport r = check(TestLab.defaultLab(), Optional.of("nosuchvm"));
    assertFails(r, "vm-found", "src,dst", "virsh list --all");
  }

  @Test
  void aDebianHostIsAskedThroughDpkgAndGetsAnAptFix() {
    io.vfmigrate.tools.FakeHost debian = new io.vfmigrate.tools.FakeHost("deb");
    debian.on("rpm", "-q", "mstflint").notInstalled();
    debian
        .on("dpkg-query", "-W", "-f=${Package} ${Version} ${db:Status-Abbrev}\\n", "mstflint")
        .answer(1, "", "dpkg-query: no packages found matching mstflint\n");
    PackageLookup packages = new PackageLookup(debian);
    assertThat(packages.find("mstflint", "mstflint")).isEmpty();
    assertThat(packages.installCommand("mstflint", "mstflint"))
        .isEqualTo("apt-get install -y mstflint");
  }
}
