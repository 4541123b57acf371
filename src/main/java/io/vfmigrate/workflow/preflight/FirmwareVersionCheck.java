package io.vfmigrate.workflow.preflight;

import io.vfmigrate.model.Finding;
import io.vfmigrate.model.FirmwareVersion;
import io.vfmigrate.workflow.preflight.HostProbe.FirmwareFacts;

/**
 * {@code firmware-version}: at least 28.36.1010 (the RHEL floor); below 28.41.1000 (NVIDIA's
 * requirement) is a warning.
 */
final class FirmwareVersionCheck implements HostCheck {
  static final String ID = "firmware-version";

  @Override
  public String id() {
    return ID;
  }

  @Override
  public Finding check(HostProbe probe) {
    FirmwareFacts fw = probe.firmware();
    String update =
        "update the ConnectX-7 firmware to "
            + FirmwareVersion.RECOMMENDED
            + " or later (mstflint -d "
            + probe.pf()
            + " -i FIRMWARE.bin burn), then reboot the host";
    if (fw.running().isBefore(FirmwareVersion.MINIMUM)) {
      return Finding.fail(
          ID,
          probe.name(),
          "running firmware "
              + fw.running()
              + " is older than "
              + FirmwareVersion.MINIMUM
              + ", the minimum for VF migration",
          update);
    }
    if (!fw.nextBoot().equals(fw.running())) {
      return Finding.warn(
          ID,
          probe.name(),
          "running firmware "
              + fw.running()
              + ", but "
              + fw.nextBoot()
              + " is flashed and becomes active at the next reboot",
          "reboot the host to run firmware "
              + fw.nextBoot()
              + " before migrating, so both hosts stay on the version you check");
    }
    if (fw.running().isBefore(FirmwareVersion.RECOMMENDED)) {
      return Finding.warn(
          ID,
          probe.name(),
          "firmware "
              + fw.running()
              + " works (>= "
              + FirmwareVersion.MINIMUM
              + ") but NVIDIA requires "
              + FirmwareVersion.RECOMMENDED
              + " for VF migration",
          update);
    }
    return Finding.pass(ID, probe.name(), "firmware " + fw.running() + " (" + fw.source() + ")");
  }
}
