package io.vfmigrate.tools.devlink;

import java.util.Objects;
import java.util.Optional;

/**
 * The {@code function} attributes of a devlink port. {@code roce} and {@code migratable} are the
 * strings {@code enable}/{@code disable} in devlink's output; each is absent when the driver cannot
 * report it; for {@code migratable} that means the device does not support migration (mlx5: {@code
 * MLX5_CAP_GEN(migration)} is 0, e.g. VF_MIGRATION_MODE not enabled).
 */
public record PortFunction(
    Optional<String> hwAddr, Optional<Boolean> roce, Optional<Boolean> migratable) {
  public PortFunction {
    Objects.requireNonNull(hwAddr, "hwAddr");
    Objects.requireNonNull(roce, "roce");
    Objects.requireNonNull(migratable, "migratable");
  }

  /** True when the port can be made migratable (the attribute is reported at all). */
  public boolean migratableSupported() {
    return migratable.isPresent();
  }

  public boolean migratableEnabled() {
    return migratable.orElse(false);
  }
}
