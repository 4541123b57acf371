package io.vfmigrate.tools.devlink;

import java.util.Objects;
import java.util.Optional;

/**
 * {@code devlink dev eswitch show pci/PF}. {@code inlineMode} is one of none, link, network,
 * transport; {@code encapMode} is none or basic (iproute2 before 5.7 printed {@code encap
 * enable|disable}, read here as basic|none). Both are absent when the driver does not report them.
 */
public record EswitchInfo(
    EswitchMode mode, Optional<String> inlineMode, Optional<String> encapMode) {
  public EswitchInfo {
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(inlineMode, "inlineMode");
    Objects.requireNonNull(encapMode, "encapMode");
  }

  /**
   * The mode as devlink prints it: {@code legacy}, {@code switchdev}, {@code switchdev_inactive}.
   */
  public String modeName() {
    return mode.wireName();
  }

  public boolean switchdev() {
    return mode == EswitchMode.SWITCHDEV;
  }
}
