package io.vfmigrate.lab.tools.virsh;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vfmigrate.lab.machine.migration.MigrationChecks;
import io.vfmigrate.lab.machine.migration.MigrationModel;
import io.vfmigrate.lab.state.HostSpec;
import io.vfmigrate.lab.state.JobSpec;
import io.vfmigrate.lab.state.VmSpec;
import io.vfmigrate.lab.tools.virsh.MigrationJson.QDict;
import io.vfmigrate.lab.tools.virsh.MigrationJson.Real;
import java.util.List;
import java.util.Optional;

/**
 * QEMU's answers to QMP commands sent through {@code virsh qemu-monitor-command}: {@code
 * query-migrate} (qapi/migration.json MigrationInfo, filled as migration/migration.c
 * fill_source_migration_info and fill_destination_migration_info do in QEMU 8.2), and QEMU's {@code
 * CommandNotFound} error for the commands the lab does not run. libvirt adds its message id, {@code
 * "id":"libvirt-N"}.
 */
public final class MigrationQmp {
  private static final ObjectMapper JSON = new ObjectMapper();

  private MigrationQmp() {}

  /** The reply, or empty when libvirt cannot parse the command at all. */
  public static Optional<QDict> reply(
      String commandJson,
      String id,
      HostSpec host,
      VmSpec vm,
      Optional<MigrationModel> outgoing,
      boolean incoming) {
    JsonNode command;
    try {
      command = JSON.readTree(commandJson);
    } catch (JsonProcessingException e) {
      return Optional.empty();
    }
    if (command == null || !command.isObject()) {
      return Optional.empty();
    }
    String execute = command.path("execute").asText("");
    if (QemuQueries.answers(execute)) {
      String typename = command.path("arguments").path("typename").asText("");
      return Optional.of(QemuQueries.reply(execute, typename, id, host, outgoing));
    }
    if (execute.equals("query-migrate")) {
      return Optional.of(
          new QDict().put("return", queryMigrate(host, vm, outgoing, incoming)).put("id", id));
    }
    // qapi/qmp-dispatch.c: "The command %s has not been found" (class CommandNotFound).
    QDict error =
        new QDict()
            .put("class", "CommandNotFound")
            .put("desc", "The command " + execute + " has not been found");
    return Optional.of(new QDict().put("error", error).put("id", id));
  }

  /**
   * The source's view while {@code outgoing} runs; the incoming domain's while it arrives; else
   * what the last migration left, and QEMU's migration blockers when there are any. Until QEMU
   * started the new outgoing migration it still reports the previous one: a domain that arrived by
   * migration says {@code completed} (real QEMU 7.2: fixtures/real/query-migrate-dst-3s-after.txt),
   * one that never migrated says nothing ({@code {}}).
   */
  public static QDict queryMigrate(
      HostSpec host, VmSpec vm, Optional<MigrationModel> outgoing, boolean incoming) {
    QDict info = new QDict();
    if (outgoing.isPresent() && !outgoing.get().qemuStatus().equals("none")) {
      return source(outgoing.get());
    }
    if (incoming) {
      // fill_destination_migration_info: the incoming side reports only its status.
      return info.put("status", "active");
    }
    List<String> blockers = MigrationChecks.blockers(host, vm);
    JobSpec last = vm.lastJob;
    if (last != null && "Incoming migration".equals(last.operation)) {
      info.put("status", "completed");
    } else if (last != null && "Outgoing migration".equals(last.operation)) {
      info.put("status", last.status);
      if ("failed".equals(last.status) && last.error != null) {
        info.put("error-desc", last.qemuError != null ? last.qemuError : last.error);
      }
    }
    if (!blockers.isEmpty()) {
      info.put("blocked-reasons", List.copyOf(blockers));
    }
    return info;
  }

  private static QDict source(MigrationModel model) {
    QDict info = new QDict();
    info.put("status", model.qemuStatus());
    if (!model.hasRamStats()) {
      return info;
    }
    long transferred = model.ramTransferred();
    long normal = transferred / MigrationModel.PAGE_SIZE;
    QDict ram =
        new QDict()
            .put("transferred", transferred)
            .put("remaining", model.ramRemaining())
            .put("total", model.ramTotal())
            .put("duplicate", 0L)
            .put("normal", normal)
            .put("normal-bytes", normal * MigrationModel.PAGE_SIZE)
            .put("dirty-pages-rate", model.dirtyPagesRate())
            .put("mbps", new Real(model.mbps()))
            .put("dirty-sync-count", model.dirtySyncCount())
            .put("postcopy-requests", 0L)
            .put("page-size", MigrationModel.PAGE_SIZE)
            .put("multifd-bytes", 0L)
            .put("pages-per-second", model.pagesPerSecond())
            .put("precopy-bytes", model.precopyRamBytes())
            .put("downtime-bytes", model.downtimeRamBytes())
            .put("postcopy-bytes", 0L)
            .put("dirty-sync-missed-zero-copy", 0L);
    info.put("ram", ram);
    if (!model.settings().devices().isEmpty()) {
      info.put("vfio", new QDict().put("transferred", model.vfioTransferred()));
    }
    info.put("total-time", model.totalTimeMs());
    info.put("expected-downtime", model.expectedDowntimeMs());
    info.put("setup-time", model.setupTimeMs());
    return info;
  }
}
