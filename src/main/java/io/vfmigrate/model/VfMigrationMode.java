package io.vfmigrate.model;

/** The mlxconfig parameter VF_MIGRATION_MODE, as named in mstflint's mlxconfig_host.db. */
public enum VfMigrationMode {
  DEVICE_DEFAULT(0),
  MIGRATION_DISABLED(1),
  MIGRATION_ENABLED(2);

  private final int value;

  VfMigrationMode(int value) {
    this.value = value;
  }

  public int value() {
    return value;
  }

  public static VfMigrationMode fromValue(int value) {
    for (VfMigrationMode m : values()) {
      if (m.value == value) {
        return m;
      }
    }
    throw new InvalidInputException(
        "Unknown VF_MIGRATION_MODE value " + value + ".", "use 0, 1 or 2.");
  }

  /** How mstconfig prints it: {@code MIGRATION_ENABLED(2)}. */
  public String display() {
    return name() + "(" + value + ")";
  }
}
