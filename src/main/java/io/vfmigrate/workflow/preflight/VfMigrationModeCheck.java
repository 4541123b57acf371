package io.vfmigrate.workflow.preflight;

import io.vfmigrate.model.Finding;
import io.vfmigrate.model.VfMigrationMode;
import io.vfmigrate.tools.mstflint.MstconfigParam;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * {@code vf-migration-mode}: the firmware's current VF_MIGRATION_MODE must be MIGRATION_ENABLED(2).
 * A value set for the next boot only needs a reboot.
 */
final class VfMigrationModeCheck implements HostCheck {
  static final String ID = "vf-migration-mode";

  @Override
  public String id() {
    return ID;
  }

  @Override
  public Finding check(HostProbe probe) {
    Optional<String> other = NicModelCheck.otherModel(probe);
    if (other.isPresent()) {
      // Its firmware has no such parameter: mstconfig refuses to query or set it.
      return Finding.fail(
          ID,
          probe.name(),
          probe.pf()
              + " is a "
              + other.get()
              + ", whose firmware has no VF_MIGRATION_MODE (ConnectX-7 only; see nic-model)",
          NicModelCheck.USE_CONNECTX_7);
    }
    MstconfigParam p = probe.migrationMode();
    int enabled = VfMigrationMode.MIGRATION_ENABLED.value();
    OptionalInt next = p.nextBootValue();
    // Without -e support the firmware reports next boot only; that is the best evidence there is.
    OptionalInt current = p.currentValue().isPresent() ? p.currentValue() : next;
    String shown = "current " + p.current().orElse("unknown") + ", next boot " + p.nextBoot();
    if (current.isPresent() && current.getAsInt() == enabled) {
      if (next.isPresent() && next.getAsInt() != enabled) {
        return Finding.warn(
            ID,
            probe.name(),
            "VF_MIGRATION_MODE " + shown + ": migration stops working after the next reboot",
            "mstconfig -y -d " + probe.pf() + " set VF_MIGRATION_MODE=2");
      }
      return Finding.pass(ID, probe.name(), "VF_MIGRATION_MODE " + shown);
    }
    if (next.isPresent() && next.getAsInt() == enabled) {
      return Finding.fail(
          ID,
          probe.name(),
          "VF_MIGRATION_MODE " + shown + ": set, but active only after a reboot",
          "reboot the host (in the lab: vfmigrate lab reboot " + probe.name() + ")");
    }
    return Finding.fail(
        ID,
        probe.name(),
        "VF_MIGRATION_MODE " + shown + ": VF migration is not enabled in the firmware",
        "mstconfig -y -d "
            + probe.pf()
            + " set VF_MIGRATION_MODE=2, then reboot the host"
            + " (vfmigrate prepare --host "
            + probe.name()
            + " sets it for you)");
  }
}
