package io.vfmigrate.workflow.preflight;

import io.vfmigrate.model.Finding;
import io.vfmigrate.tools.devlink.Devlink;
import io.vfmigrate.tools.devlink.DevlinkPort;
import java.util.List;

/**
 * {@code devlink-migratable}: devlink can set the VF function's {@code migratable} attribute. The
 * userspace side (iproute2 6.2+) is checked by its help text; the kernel and firmware side by the
 * attribute's presence on existing VF ports, since the kernel hides it when unsupported.
 */
final class DevlinkMigratableCheck implements HostCheck {
  static final String ID = "devlink-migratable";

  @Override
  public String id() {
    return ID;
  }

  @Override
  public Finding check(HostProbe probe) {
    Devlink devlink = new Devlink(probe.host());
    if (!devlink.supportsMigratable()) {
      return Finding.fail(
          ID,
          probe.name(),
          "devlink ("
              + devlink.iproute2Version()
              + ") cannot set 'migratable'; iproute2 6.2 or"
              + " later is needed",
          "dnf install -y iproute (6.2 or later; RHEL 9.2+ ships it)");
    }
    List<DevlinkPort> vfPorts =
        devlink.ports().stream()
            .filter(p -> p.device().equals(probe.pf()) && p.vfnum().isPresent())
            .toList();
    List<DevlinkPort> unsupported =
        vfPorts.stream()
            .filter(p -> p.function().isEmpty() || p.function().get().migratable().isEmpty())
            .toList();
    if (!unsupported.isEmpty()) {
      return Finding.fail(
          ID,
          probe.name(),
          "VF port "
              + unsupported.get(0).handle()
              + " has no 'migratable' attribute: the"
              + " firmware does not offer VF migration",
          "mstconfig -y -d " + probe.pf() + " set VF_MIGRATION_MODE=2, then reboot the host");
    }
    return Finding.pass(
        ID,
        probe.name(),
        "devlink supports 'migratable' ("
            + devlink.iproute2Version()
            + (vfPorts.isEmpty()
                ? ")"
                : vfPorts.size() == 1
                    ? "; 1 VF port exposes it)"
                    : "; " + vfPorts.size() + " VF ports expose it)"));
  }
}
