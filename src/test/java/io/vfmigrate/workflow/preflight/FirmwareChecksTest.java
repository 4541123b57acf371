package io.vfmigrate.workflow.preflight;

import static io.vfmigrate.testing.TestLab.host;
import static io.vfmigrate.testing.TestLab.nic;
import static io.vfmigrate.workflow.preflight.Findings.answer;
import static io.vfmigrate.workflow.preflight.Findings.assertCouldNotCheck;
import static io.vfmigrate.workflow.preflight.Findings.assertFinding;
import static io.vfmigrate.workflow.preflight.Findings.find;
import static io.vfmigrate.workflow.preflight.Findings.of;
import static io.vfmigrate.workflow.preflight.Findings.onDst;

import io.vfmigrate.lab.state.FaultSpec;
import io.vfmigrate.lab.state.LabSpec;
import io.vfmigrate.model.FindingStatus;
import io.vfmigrate.testing.TestLab;
import io.vfmigrate.tools.FakeHost.Fixtures;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * firmware-version, firmware-match and vf-migration-mode at their boundaries: the RHEL floor
 * (28.36.1010) fails one below and warns at it, NVIDIA's 28.41.1000 passes, flashed-but-not-running
 * firmware is activated rather than burned again, and VF_MIGRATION_MODE is judged by its current
 * value, with the next boot's as a warning or as the only evidence an old firmware gives.
 */
class FirmwareChecksTest {
  private static final String DEV_INFO = "devlink -j dev info pci/0000:e1:00.0";
  private static final String QUERY = "mstconfig -d 0000:e1:00.0 -e query VF_MIGRATION_MODE";
  private static final String UPDATE =
      "update the ConnectX-7 firmware to 28.41.1000 or later (mstflint -d 0000:e1:00.0 -i"
          + " FIRMWARE.bin burn), then reboot the host";

  private static String activate(String version) {
    return "reboot the host to run firmware "
        + version
        + ", or activate it without a reboot: mstfwreset -d 0000:e1:00.0 -y reset (stop the VMs"
        + " that use its VFs first)";
  }

  private static Consumer<LabSpec> dstFirmware(String running, String next) {
    return spec -> {
      nic(spec, "dst").firmware = running;
      nic(spec, "dst").firmwareNext = next;
    };
  }

  @Test
  void oneBelowTheRhelFloorFailsWithABurn() {
    assertFinding(
        onDst(dstFirmware("28.36.1009", null), "firmware-version"),
        FindingStatus.FAIL,
        "running firmware 28.36.1009 is older than 28.36.1010, the minimum for VF migration",
        UPDATE);
  }

  @Test
  void theRhelFloorItselfWorksButWarnsBelowNvidiasRequirement() {
    assertFinding(
        onDst(dstFirmware("28.36.1010", null), "firmware-version"),
        FindingStatus.WARN,
        "firmware 28.36.1010 works (>= 28.36.1010) but NVIDIA requires 28.41.1000 for VF"
            + " migration",
        UPDATE);
  }

  @Test
  void nvidiasRequirementPassesNamingTheToolItWasReadWith() {
    assertFinding(
        onDst(dstFirmware("28.41.1000", null), "firmware-version"),
        FindingStatus.PASS,
        "firmware 28.41.1000 (mstflint)",
        "");
  }

  @Test
  void withoutMstflintTheFirmwareIsReadThroughDevlink() {
    assertFinding(
        onDst(
            dstFirmware("28.41.1000", null)
                .andThen(s -> host(s, "dst").packages.remove("mstflint")),
            "firmware-version"),
        FindingStatus.PASS,
        "firmware 28.41.1000 (devlink)",
        "");
  }

  @Test
  void devlinkAlsoTellsTheFlashedFirmwareThatIsNotRunningYet() {
    assertFinding(
        onDst(
            dstFirmware("28.41.1000", "28.43.1014")
                .andThen(s -> host(s, "dst").packages.remove("mstflint")),
            "firmware-version"),
        FindingStatus.WARN,
        "running firmware 28.41.1000, but 28.43.1014 is flashed and becomes active at the next"
            + " reboot",
        activate("28.43.1014") + " before migrating, so both hosts stay on the version you check");
  }

  @Test
  void aDevlinkWithoutAStoredVersionMeansNothingIsPending() {
    // An older kernel reports no "stored" versions: the running firmware is all there is.
    FaultSpec devInfo = answer(DEV_INFO, 0, Fixtures.read("devlink/dev-info-no-stored.json"), "");
    assertFinding(
        onDst(
            spec -> {
              host(spec, "dst").packages.remove("mstflint");
              host(spec, "dst").faults.add(devInfo);
            },
            "firmware-version"),
        FindingStatus.WARN,
        "firmware 28.39.1002 works (>= 28.36.1010) but NVIDIA requires 28.41.1000 for VF"
            + " migration",
        UPDATE);
  }

  @Test
  void aFirmwareThatCannotBeReadAtAllIsReportedAsSuchNeverAsPassing() {
    FaultSpec devInfo =
        answer(DEV_INFO, 1, "", Fixtures.read("devlink/dev-info-error-not-supported.txt"));
    PreflightReport r =
        of(
            spec -> {
              host(spec, "dst").packages.remove("mstflint");
              host(spec, "dst").faults.add(devInfo);
            });
    assertCouldNotCheck(find(r, "firmware-version", "dst"), "Operation not supported");
    assertCouldNotCheck(find(r, "firmware-match", "src,dst"), "Operation not supported");
    assertCouldNotCheck(find(r, "psid-match", "src,dst"), "Operation not supported");
  }

  @Test
  void aPendingUpdateAboveNvidiasRequirementWarnsToActivateItFirst() {
    assertFinding(
        onDst(dstFirmware("28.41.1000", "28.43.1014"), "firmware-version"),
        FindingStatus.WARN,
        "running firmware 28.41.1000, but 28.43.1014 is flashed and becomes active at the next"
            + " reboot",
        activate("28.43.1014") + " before migrating, so both hosts stay on the version you check");
  }

  @Test
  void tooOldFirmwareWithTheFloorFlashedIsActivatedNotBurned() {
    assertFinding(
        onDst(dstFirmware("28.35.1012", "28.36.1010"), "firmware-version"),
        FindingStatus.FAIL,
        "running firmware 28.35.1012 is older than 28.36.1010, the minimum for VF migration;"
            + " 28.36.1010 is already flashed but not running yet",
        activate("28.36.1010"));
  }

  @Test
  void tooOldFirmwareWithAnotherTooOldOneFlashedStillNeedsABurn() {
    assertFinding(
        onDst(dstFirmware("28.35.1012", "28.36.1009"), "firmware-version"),
        FindingStatus.FAIL,
        "running firmware 28.35.1012 is older than 28.36.1010, the minimum for VF migration",
        UPDATE);
  }

  @Test
  void theSameFirmwareOnBothHostsMatches() {
    assertFinding(
        Findings.onPair(s -> {}, "firmware-match"),
        FindingStatus.PASS,
        "both run firmware 28.39.1002",
        "");
  }

  @Test
  void theHostWithTheOlderFirmwareIsToldToFlashTheNewerOne() {
    // Either side may be the older one: the fix always names the older host and the newer version.
    assertFinding(
        Findings.onPair(s -> nic(s, "src").firmware = "28.41.1000", "firmware-match"),
        FindingStatus.FAIL,
        "src runs 28.41.1000, dst runs 28.39.1002; VF state can only move between identical"
            + " firmware",
        "flash dst with firmware 28.41.1000 (mstflint -d 0000:e1:00.0 -i FIRMWARE.bin burn) and"
            + " reboot it");
    assertFinding(
        Findings.onPair(s -> nic(s, "dst").firmware = "28.41.1000", "firmware-match"),
        FindingStatus.FAIL,
        "src runs 28.39.1002, dst runs 28.41.1000; VF state can only move between identical"
            + " firmware",
        "flash src with firmware 28.41.1000 (mstflint -d 0000:e1:00.0 -i FIRMWARE.bin burn) and"
            + " reboot it");
  }

  @Test
  void theOlderHostWithTheNewerFirmwareFlashedIsToldToActivateIt() {
    assertFinding(
        Findings.onPair(
            s -> {
              nic(s, "src").firmware = "28.41.1000";
              nic(s, "dst").firmwareNext = "28.41.1000";
            },
            "firmware-match"),
        FindingStatus.FAIL,
        "src runs 28.41.1000, dst runs 28.39.1002; VF state can only move between identical"
            + " firmware; dst has 28.41.1000 flashed already, not yet running",
        "on dst: " + activate("28.41.1000"));
  }

  @Test
  void aSourceThatIsNotAConnectX7IsNamedInFirmwareMatch() {
    assertFinding(
        Findings.onPair(
            s -> {
              nic(s, "src").model = "ConnectX-6 Dx";
              nic(s, "src").firmware = "22.39.1002";
            },
            "firmware-match"),
        FindingStatus.FAIL,
        "src runs 22.39.1002, dst runs 28.39.1002; VF state can only move between identical"
            + " firmware; src's PF is a ConnectX-6 Dx (see nic-model)",
        NicModelCheck.USE_CONNECTX_7 + " on src");
  }

  @Test
  void differentCardModelsFailPsidMatchWithBothPsids() {
    assertFinding(
        Findings.onPair(s -> nic(s, "dst").psid = "MT_0000000999", "psid-match"),
        FindingStatus.FAIL,
        "src has PSID MT_0000000838, dst has PSID MT_0000000999; VF migration needs the same card"
            + " model on both hosts",
        "migrate between hosts whose ConnectX-7 cards have the same PSID (mstflint -d PF q | grep"
            + " PSID), or replace one card");
    assertFinding(
        Findings.onPair(s -> {}, "psid-match"),
        FindingStatus.PASS,
        "both NICs have PSID MT_0000000838",
        "");
  }

  // ---- vf-migration-mode ----

  private static Consumer<LabSpec> mode(int current, Integer next) {
    return spec -> {
      nic(spec, "dst").vfMigrationMode = current;
      nic(spec, "dst").vfMigrationModeNext = next;
    };
  }

  @Test
  void migrationEnabledNowAndAtTheNextBootPasses() {
    assertFinding(
        onDst(TestLab.defaultLab(), "vf-migration-mode"),
        FindingStatus.PASS,
        "VF_MIGRATION_MODE current MIGRATION_ENABLED(2), next boot MIGRATION_ENABLED(2)",
        "");
  }

  @Test
  void migrationEnabledNowButNotAfterTheNextBootWarns() {
    assertFinding(
        onDst(mode(2, 0), "vf-migration-mode"),
        FindingStatus.WARN,
        "VF_MIGRATION_MODE current MIGRATION_ENABLED(2), next boot DEVICE_DEFAULT(0): migration"
            + " stops working after the next reboot",
        "mstconfig -y -d 0000:e1:00.0 set VF_MIGRATION_MODE=2");
  }

  @Test
  void migrationEnabledOnlyForTheNextBootNeedsAReboot() {
    assertFinding(
        onDst(mode(1, 2), "vf-migration-mode"),
        FindingStatus.FAIL,
        "VF_MIGRATION_MODE current MIGRATION_DISABLED(1), next boot MIGRATION_ENABLED(2): set,"
            + " but active only after a reboot",
        "reboot the host (in the lab: vfmigrate lab reboot dst)");
  }

  @Test
  void migrationDisabledNeedsMstconfigAndAReboot() {
    assertFinding(
        onDst(mode(1, null), "vf-migration-mode"),
        FindingStatus.FAIL,
        "VF_MIGRATION_MODE current MIGRATION_DISABLED(1), next boot MIGRATION_DISABLED(1): VF"
            + " migration is not enabled in the firmware",
        "mstconfig -y -d 0000:e1:00.0 set VF_MIGRATION_MODE=2, then reboot the host (vfmigrate"
            + " prepare --host dst sets it for you)");
  }

  @Test
  void aFirmwareThatReportsOnlyTheNextBootValueIsJudgedByIt() {
    // mstconfig 4.28 on older firmware: "Device Firmware does not support reading default and
    // current configurations"; the next-boot value is the only evidence.
    FaultSpec query =
        answer(QUERY, 0, Fixtures.read("mstconfig/query-e-v4.28-no-default-current.txt"), "");
    assertFinding(
        onDst(spec -> host(spec, "dst").faults.add(query), "vf-migration-mode"),
        FindingStatus.FAIL,
        "VF_MIGRATION_MODE current unknown, next boot MIGRATION_DISABLED(1): VF migration is not"
            + " enabled in the firmware",
        "mstconfig -y -d 0000:e1:00.0 set VF_MIGRATION_MODE=2, then reboot the host (vfmigrate"
            + " prepare --host dst sets it for you)");
  }

  @Test
  void aFirmwareThatReportsOnlyAnEnabledNextBootValuePasses() {
    FaultSpec query =
        answer(
            QUERY,
            0,
            Fixtures.read("mstconfig/query-e-v4.28-no-default-current.txt")
                .replace("MIGRATION_DISABLED(1)", "MIGRATION_ENABLED(2) "),
            "");
    assertFinding(
        onDst(spec -> host(spec, "dst").faults.add(query), "vf-migration-mode"),
        FindingStatus.PASS,
        "VF_MIGRATION_MODE current unknown, next boot MIGRATION_ENABLED(2)",
        "");
  }

  @Test
  void anUnreadableMigrationModeIsReportedWithMstconfigsError() {
    FaultSpec query = answer(QUERY, 3, Fixtures.read("mstconfig/error-open.txt"), "");
    assertCouldNotCheck(
        onDst(spec -> host(spec, "dst").faults.add(query), "vf-migration-mode"),
        "Failed to open the device");
  }
}
