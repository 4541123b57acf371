package io.vfmigrate.tools.devlink;

import java.util.Locale;
import java.util.Optional;

/** The NIC's embedded switch mode as devlink names it (iproute2 devlink.c ESWITCH_MODE_*). */
public enum EswitchMode {
  LEGACY,
  SWITCHDEV,
  /** Added to iproute2 in 2025 (commit da352540): switchdev configured but not active. */
  SWITCHDEV_INACTIVE;

  /** The word devlink prints and takes: {@code legacy}, {@code switchdev}, ... */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<EswitchMode> fromWireName(String name) {
    for (EswitchMode mode : values()) {
      if (mode.wireName().equals(name)) {
        return Optional.of(mode);
      }
    }
    return Optional.empty();
  }
}
