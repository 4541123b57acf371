package io.vfmigrate.tools.devlink;

import java.util.Objects;
import java.util.Optional;

/**
 * {@code devlink dev info pci/PF}, the parts vfmigrate uses: the driver, the board id ({@code
 * fw.psid}, fixed) and the firmware version ({@code fw.version}) running now and stored for the
 * next boot, as devlink prints them ({@code "%d.%d.%04d"}, e.g. {@code 28.41.1000}); mlx5 reports
 * the stored one equal to the running one unless an update is pending.
 */
public record DevInfo(
    String driver, String psid, String runningFwVersion, Optional<String> storedFwVersion) {
  public DevInfo {
    Objects.requireNonNull(driver, "driver");
    Objects.requireNonNull(psid, "psid");
    Objects.requireNonNull(runningFwVersion, "runningFwVersion");
    Objects.requireNonNull(storedFwVersion, "storedFwVersion");
  }
}
