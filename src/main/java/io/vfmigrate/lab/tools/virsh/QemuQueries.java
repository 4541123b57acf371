package io.vfmigrate.lab.tools.virsh;

import io.vfmigrate.lab.machine.VirshVersions;
import io.vfmigrate.lab.machine.migration.MigrationModel;
import io.vfmigrate.lab.state.HostSpec;
import io.vfmigrate.lab.tools.virsh.MigrationJson.QDict;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * QEMU's answers to the two capability queries vfmigrate sends through {@code virsh
 * qemu-monitor-command}: {@code query-migrate-capabilities} (qapi/migration.json: a list of {@code
 * {"capability", "state"}}, every capability this QEMU knows, in the MigrationCapability enum's
 * order) and {@code device-list-properties} of {@code vfio-pci} (a list of ObjectPropertyInfo
 * {@code {"name", "type"}}). What exists follows the host's QEMU version: {@code switchover-ack}
 * and {@code dirty-limit} since 8.1, {@code mapped-ram} since 9.0, {@code compress} until 9.0, and
 * VFIO's {@code x-migration-multifd-transfer} since 10.0. While a migration runs the states are the
 * ones libvirt set for it.
 */
final class QemuQueries {
  private QemuQueries() {}

  /** The capability queries this class answers. */
  static boolean answers(String execute) {
    return execute.equals("query-migrate-capabilities") || execute.equals("device-list-properties");
  }

  static QDict reply(
      String execute,
      String typename,
      String id,
      HostSpec host,
      Optional<MigrationModel> outgoing) {
    if (execute.equals("device-list-properties")) {
      if (!typename.equals("vfio-pci")) {
        QDict error =
            new QDict()
                .put("class", "GenericError")
                .put("desc", "Device '" + typename + "' not found");
        return new QDict().put("error", error).put("id", id);
      }
      return new QDict().put("return", vfioProperties(host)).put("id", id);
    }
    return new QDict().put("return", capabilities(host, outgoing)).put("id", id);
  }

  private static List<QDict> capabilities(HostSpec host, Optional<MigrationModel> outgoing) {
    List<String> names = new ArrayList<>();
    names.add("xbzrle");
    names.add("rdma-pin-all");
    names.add("auto-converge");
    names.add("zero-blocks");
    if (!VirshVersions.qemuAtLeast(host, 9, 0)) {
      names.add("compress");
    }
    names.addAll(
        List.of(
            "events",
            "postcopy-ram",
            "x-colo",
            "release-ram",
            "return-path",
            "pause-before-switchover",
            "multifd",
            "dirty-bitmaps",
            "postcopy-blocktime",
            "late-block-activate",
            "x-ignore-shared",
            "validate-uuid",
            "background-snapshot",
            "zero-copy-send",
            "postcopy-preempt"));
    if (VirshVersions.qemuAtLeast(host, 8, 1)) {
      names.add("switchover-ack");
      names.add("dirty-limit");
    }
    if (VirshVersions.qemuAtLeast(host, 9, 0)) {
      names.add("mapped-ram");
    }
    List<QDict> out = new ArrayList<>();
    for (String name : names) {
      out.add(new QDict().put("capability", name).put("state", state(name, outgoing)));
    }
    return out;
  }

  /** What libvirt turned on: events always; for a running migration what it runs with. */
  private static boolean state(String name, Optional<MigrationModel> outgoing) {
    if (name.equals("events")) {
      return true;
    }
    if (outgoing.isEmpty()) {
      return false;
    }
    MigrationModel.Settings s = outgoing.get().settings();
    return switch (name) {
      case "return-path", "pause-before-switchover" -> true;
      case "switchover-ack" -> s.switchoverAck();
      case "multifd" -> s.multifdChannels() > 0;
      default -> false;
    };
  }

  private static List<QDict> vfioProperties(HostSpec host) {
    List<QDict> out = new ArrayList<>();
    out.add(property("host", "str"));
    out.add(property("sysfsdev", "str"));
    out.add(property("enable-migration", "OnOffAuto"));
    out.add(property("x-pre-copy-dirty-page-tracking", "OnOffAuto"));
    out.add(property("x-device-dirty-page-tracking", "OnOffAuto"));
    if (VirshVersions.qemuAtLeast(host, 10, 0)) {
      out.add(property("x-migration-multifd-transfer", "OnOffAuto"));
      out.add(property("x-migration-max-queued-buffers-size", "size"));
    }
    return out;
  }

  private static QDict property(String name, String type) {
    return new QDict().put("name", name).put("type", type);
  }
}
