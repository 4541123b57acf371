package io.vfmigrate.workflow.preflight;

import io.vfmigrate.model.Finding;
import io.vfmigrate.model.FirmwareVersion;
import io.vfmigrate.workflow.preflight.HostProbe.FirmwareFacts;
import java.util.Optional;

/**
 * {@code firmware-version}: at least 28.36.1010 (the RHEL floor); below 28.41.1000 (NVIDIA's
 * requirement) is a warning. Firmware that is flashed but not running yet needs a reboot or {@code
 * mstfwreset}, not another burn; a PF that is not a ConnectX-7 has no firmware that would do.
 */
final class FirmwareVersionCheck implements HostCheck {
  static final String ID = "firmware-version";

  @Override
  public String id() {
    return ID;
  }

  @Override
  public Finding check(HostProbe probe) {
    Optional<String> other = NicModelCheck.otherModel(probe);
    if (other.isPresent()) {
      return Finding.fail(
          ID,
          probe.name(),
          probe.pf()
              + " is a "
              + other.get()
              + ": no firmware of it can migrate VFs, only a ConnectX-7's (see nic-model)",
          NicModelCheck.USE_CONNECTX_7);
    }
    FirmwareFacts fw = probe.firmware();
    String update =
        "update the ConnectX-7 firmware to "
            + FirmwareVersion.RECOMMENDED
            + " or later (mstflint -d "
            + probe.pf()
            + " -i FIRMWARE.bin burn), then reboot the host";
    boolean pending = !fw.nextBoot().equals(fw.running());
    if (fw.running().isBefore(FirmwareVersion.MINIMUM)) {
      String tooOld =
          "running firmware "
              + fw.running()
              + " is older than "
              + FirmwareVersion.MINIMUM
              + ", the minimum for VF migration";
      if (pending && !fw.nextBoot().isBefore(FirmwareVersion.MINIMUM)) {
        return Finding.fail(
            ID,
            probe.name(),
            tooOld + "; " + fw.nextBoot() + " is already flashed but not running yet",
            activate(probe, fw));
      }
      return Finding.fail(ID, probe.name(), tooOld, update);
    }
    if (pending) {
      return Finding.warn(
          ID,
          probe.name(),
          "running firmware "
              + fw.running()
              + ", but "
              + fw.nextBoot()
              + " is flashed and becomes active at the next reboot",
          activate(probe, fw) + " before migrating, so both hosts stay on the version you check");
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

  /** Makes the flashed firmware the running one: nothing needs burning again. */
  static String activate(HostProbe probe, FirmwareFacts fw) {
    return "reboot the host to run firmware "
        + fw.nextBoot()
        + ", or activate it without a reboot: mstfwreset -d "
        + probe.pf()
        + " -y reset (stop the VMs that use its VFs first)";
  }
}
