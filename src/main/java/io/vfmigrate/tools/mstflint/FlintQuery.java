package io.vfmigrate.tools.mstflint;

import io.vfmigrate.model.FirmwareVersion;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@code mstflint -d PF q} reports. {@code fwVersion} is the flashed image (the one the next
 * boot runs); {@code runningFwVersion} is present only when the running firmware differs from it
 * ({@code FW Version(Running):}), i.e. a firmware update is pending a reset. {@code origPsid} is
 * present only when it differs from {@code psid}. {@code productVersion} is empty when not printed.
 */
public record FlintQuery(
    FirmwareVersion fwVersion,
    Optional<FirmwareVersion> runningFwVersion,
    String psid,
    Optional<String> origPsid,
    String productVersion,
    String imageType) {
  public FlintQuery {
    Objects.requireNonNull(fwVersion, "fwVersion");
    Objects.requireNonNull(runningFwVersion, "runningFwVersion");
    Objects.requireNonNull(psid, "psid");
    Objects.requireNonNull(origPsid, "origPsid");
    Objects.requireNonNull(productVersion, "productVersion");
    Objects.requireNonNull(imageType, "imageType");
  }

  /** The firmware the device runs now. */
  public FirmwareVersion runningVersion() {
    return runningFwVersion.orElse(fwVersion);
  }

  /** True when a flashed firmware waits for a reboot or firmware reset. */
  public boolean updatePending() {
    return runningFwVersion.isPresent();
  }
}
