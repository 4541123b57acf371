package io.vfmigrate.workflow.preflight;

import static io.vfmigrate.testing.TestLab.host;
import static io.vfmigrate.testing.TestLab.nic;
import static org.assertj.core.api.Assertions.assertThat;

import io.vfmigrate.lab.Lab;
import io.vfmigrate.lab.state.LabSpec;
import io.vfmigrate.model.Finding;
import io.vfmigrate.model.FindingStatus;
import io.vfmigrate.testing.TestLab;
import io.vfmigrate.workflow.claims.ClaimFile;
import io.vfmigrate.workflow.claims.ClaimKind;
import io.vfmigrate.workflow.claims.ClaimLiveness;
import io.vfmigrate.workflow.claims.ClaimOwner;
import io.vfmigrate.workflow.claims.Claims;
import io.vfmigrate.workflow.claims.ProcessTable;
import io.vfmigrate.workflow.event.Event;
import io.vfmigrate.workflow.event.RecordingEventSink;
import java.time.Instant;
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
    // An empty part would accept any fix, the empty one included.
    assertThat(fixPart).as("the part of the fix to look for").isNotBlank();
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
  void aConnectX6DxIsNotToldToUpdateConnectX7FirmwareNorToSetVfMigrationMode() {
    PreflightReport r =
        check(
            spec -> {
              nic(spec, "dst").model = "ConnectX-6 Dx";
              nic(spec, "dst").firmware = "22.39.1002";
            });
    for (String id : List.of("nic-model", "firmware-version", "vf-migration-mode")) {
      Finding f = finding(r, id, "dst");
      assertThat(f.status()).as(f.toString()).isEqualTo(FindingStatus.FAIL);
      assertThat(f.fix())
          .as(f.toString())
          .startsWith("use a ConnectX-7 PF")
          .doesNotContain("ConnectX-7 firmware")
          .doesNotContain("VF_MIGRATION_MODE")
          .doesNotContain("burn");
    }
    assertThat(finding(r, "firmware-version", "dst").detail()).contains("ConnectX-6 Dx");
    assertThat(finding(r, "firmware-match", "src,dst").fix()).startsWith("use a ConnectX-7 PF");
  }

  @Test
  void firmwareFlashedButNotRunningIsActivatedNotBurnedAgain() {
    PreflightReport r =
        check(
            spec -> {
              nic(spec, "dst").firmware = "28.35.1012";
              nic(spec, "dst").firmwareNext = "28.39.1002";
            });
    Finding version = finding(r, "firmware-version", "dst");
    assertFails(r, "firmware-version", "dst", "mstfwreset -d 0000:e1:00.0 -y reset");
    assertThat(version.fix()).contains("reboot the host").doesNotContain("burn");
    assertThat(version.detail()).contains("28.39.1002 is already flashed");
    Finding match = finding(r, "firmware-match", "src,dst");
    assertFails(r, "firmware-match", "src,dst", "mstfwreset -d 0000:e1:00.0 -y reset");
    assertThat(match.fix()).startsWith("on dst: reboot").doesNotContain("burn");
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
  void vfPortsWithoutTheMigratableAttributeFailDevlinkMigratable() {
    // VFs exist (prepare made them) but the firmware no longer offers VF migration: the kernel
    // hides 'migratable' on their devlink ports.
    Lab lab = TestLab.defaultLab();
    new io.vfmigrate.workflow.prepare.Prepare(e -> {})
        .run(
            TestLab.fleet(lab, e -> {}).get("src"),
            new io.vfmigrate.workflow.prepare.PrepareOptions("br-vf", java.util.OptionalInt.of(2)),
            false);
    assertThat(finding(check(lab, Optional.empty()), "devlink-migratable", "src").detail())
        .isEqualTo("devlink supports 'migratable' (6.2.0; 2 VF ports expose it)");
    nic(lab.spec(), "src").vfMigrationMode = 0;

    Finding f = finding(check(lab, Optional.empty()), "devlink-migratable", "src");

    assertThat(f.status()).as(f.toString()).isEqualTo(FindingStatus.FAIL);
    assertThat(f.detail())
        .isEqualTo(
            "VF port pci/0000:e1:00.0/1 has no 'migratable' attribute: the firmware does not"
                + " offer VF migration");
    assertThat(f.fix())
        .isEqualTo("mstconfig -y -d 0000:e1:00.0 set VF_MIGRATION_MODE=2, then reboot the host");
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
  void aHostInAJapaneseLocaleIsReadInTheCLocale() {
    PreflightReport r =
        check(
            spec -> {
              host(spec, "src").locale = "ja_JP.UTF-8";
              host(spec, "src").packages.remove("mstflint");
            });
    Finding libvirt = finding(r, "libvirt-running", "src");
    assertThat(libvirt.status()).as(libvirt.toString()).isEqualTo(FindingStatus.PASS);
    assertThat(libvirt.detail()).isEqualTo("libvirt 10.10.0 answers");
    assertThat(finding(r, "qemu-version", "src").detail())
        .isEqualTo("QEMU 9.1.0 (running hypervisor)");
    assertFails(r, "mstflint-installed", "src", "dnf install -y mstflint");
    assertThat(finding(r, "mstflint-installed", "src").detail())
        .isEqualTo("package mstflint is not installed");
    assertThat(finding(r, "openvswitch-installed", "src").status()).isEqualTo(FindingStatus.PASS);
  }

  @Test
  void aDebianHostInAJapaneseLocaleIsReadThroughDpkgWithAptFixes() {
    PreflightReport r =
        check(
            spec -> {
              TestLab.debian(spec, "dst");
              host(spec, "dst").locale = "ja_JP.UTF-8";
              host(spec, "dst").packages.remove("mstflint");
            });
    assertFails(r, "mstflint-installed", "dst", "apt-get install -y mstflint");
    assertThat(finding(r, "mstflint-installed", "dst").detail())
        .isEqualTo("package mstflint is not installed");
    assertThat(finding(r, "openvswitch-installed", "dst").detail())
        .isEqualTo("openvswitch-switch 3.5.0");
    assertThat(finding(r, "openvswitch-installed", "dst").status()).isEqualTo(FindingStatus.PASS);
    assertThat(finding(r, "libvirt-running", "dst").detail()).isEqualTo("libvirt 11.3.0 answers");
    assertThat(finding(r, "qemu-version", "dst").detail())
        .isEqualTo("QEMU 10.0.2 (running hypervisor)");
  }

  @Test
  void anOldQemuOnADebianHostIsUpgradedWithApt() {
    PreflightReport r =
        check(
            spec -> {
              TestLab.debian(spec, "dst");
              host(spec, "dst").packages.put("qemu-system-x86", "1:7.2+dfsg-7+deb12u7");
            });
    Finding qemu = finding(r, "qemu-version", "dst");
    assertFails(r, "qemu-version", "dst", "apt-get install --only-upgrade -y qemu-system-x86");
    assertThat(qemu.fix()).doesNotContain("dnf");
  }

  @Test
  void withoutQemuAndLibvirtADebianHostGetsAptAndItsLibvirtUnit() {
    PreflightReport r =
        check(
            spec -> {
              TestLab.debian(spec, "dst");
              host(spec, "dst").services.put("libvirtd", "inactive");
              host(spec, "dst").packages.remove("qemu-system-x86");
            });
    assertFails(
        r,
        "qemu-version",
        "dst",
        "apt-get install -y qemu-system-x86 libvirt-daemon-system && systemctl enable --now"
            + " libvirtd");
    assertFails(r, "libvirt-running", "dst", "systemctl enable --now libvirtd");
  }

  @Test
  void aHostWithModularLibvirtDaemonsIsToldToEnableVirtqemud() {
    PreflightReport r =
        check(
            spec -> {
              host(spec, "dst").services.remove("libvirtd");
              host(spec, "dst").services.put("virtqemud", "inactive");
            });
    assertFails(r, "libvirt-running", "dst", "systemctl enable --now virtqemud.socket");
    assertThat(finding(r, "libvirt-running", "dst").fix()).doesNotContain("libvirtd");
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

  /** pid 7 runs on ctl-test; any other pid of ctl-test does not. */
  private static final ClaimLiveness LIVENESS =
      new ClaimLiveness(
          "ctl-test",
          pid ->
              pid == 7
                  ? Optional.of(new ProcessTable.RunningProcess(pid, Optional.empty()))
                  : Optional.empty(),
          op -> false);

  private static Finding staleClaims(Lab lab, String host) {
    PreflightReport r =
        new Preflight(TestLab.fleet(lab, e -> {}), e -> {}, LIVENESS)
            .run(List.of(host), Optional.empty());
    return finding(r, "stale-claims", host);
  }

  private static void claim(Lab lab, String host, ClaimKind kind, String key, String op, long pid) {
    assertThat(
            lab.host(host)
                .createExclusive(
                    Claims.path(kind, key),
                    ClaimFile.render(
                        kind,
                        key,
                        new ClaimOwner(
                            op, "ctl-test", pid, Instant.parse("2026-12-03T07:00:00Z")))))
        .isTrue();
  }

  @Test
  void noClaimsPassStaleClaims() {
    Finding f = staleClaims(TestLab.defaultLab(), "src");
    assertThat(f.status()).isEqualTo(FindingStatus.PASS);
    assertThat(f.detail()).isEqualTo("no claims under /run/vfmigrate");
  }

  @Test
  void liveClaimsAreReportedButPass() {
    Lab lab = TestLab.defaultLab();
    claim(lab, "dst", ClaimKind.VF, "0000:e1:00.1", "migrate-7-1", 7);
    Finding f = staleClaims(lab, "dst");
    assertThat(f.status()).isEqualTo(FindingStatus.PASS);
    assertThat(f.detail())
        .contains(
            "no stale claims; live: /run/vfmigrate/claims/0000:e1:00.1 (operation migrate-7-1,"
                + " machine ctl-test, pid 7");
  }

  @Test
  void staleClaimsWarnEachWithItsOwnerAndTheRecoverFix() {
    Lab lab = TestLab.defaultLab();
    claim(lab, "dst", ClaimKind.VF, "0000:e1:00.1", "migrate-99-1", 99);
    claim(lab, "dst", ClaimKind.SLOT, "0000:e1:00.0/slot-1", "migrate-99-1", 99);
    claim(lab, "dst", ClaimKind.SLOT, "0000:e1:00.0/slot-2", "migrate-7-1", 7);
    lab.host("dst").createExclusive("/run/vfmigrate/macs/52-54-00-aa-bb-cc", "vm1 from src\n");

    Finding f = staleClaims(lab, "dst");
    assertThat(f.status()).isEqualTo(FindingStatus.WARN);
    assertThat(f.detail())
        .contains(
            "2 stale claims: /run/vfmigrate/claims/0000:e1:00.1 (operation migrate-99-1, machine"
                + " ctl-test, pid 99",
            "/run/vfmigrate/slots/0000:e1:00.0/slot-1 (operation migrate-99-1",
            "1 unreadable claim: /run/vfmigrate/macs/52-54-00-aa-bb-cc (line 1 is not key=value",
            "live: /run/vfmigrate/slots/0000:e1:00.0/slot-2 (operation migrate-7-1");
    assertThat(f.fix())
        .startsWith("vfmigrate recover")
        .contains("inspect /run/vfmigrate/macs/52-54-00-aa-bb-cc on dst");
  }
}
