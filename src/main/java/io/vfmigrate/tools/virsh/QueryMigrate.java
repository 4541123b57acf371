package io.vfmigrate.tools.virsh;

import com.fasterxml.jackson.databind.JsonNode;
import io.vfmigrate.model.ByteSize;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * QEMU's {@code query-migrate} reply (qapi/migration.json {@code MigrationInfo}, tool-formats.md
 * §6.1), read through {@code virsh qemu-monitor-command}. Before any migration QEMU answers {@code
 * {"return": {}}}: status {@code none} and nothing else. Members vfmigrate does not know are
 * ignored; the deprecated {@code blocked} flag of QEMU 6.x is tolerated.
 *
 * @param status the MigrationStatus, e.g. {@code active}, {@code device}, {@code completed}, {@code
 *     failed}; {@code none} when absent
 * @param ram guest RAM statistics ({@code ram}), while active or completed
 * @param vfioTransferred bytes of VFIO device state sent so far ({@code vfio.transferred}, QEMU
 *     5.2+): only present while every VFIO device migrates
 * @param totalTime {@code total-time}
 * @param expectedDowntime {@code expected-downtime}, while active
 * @param downtime {@code downtime}, once completed
 * @param setupTime {@code setup-time}
 * @param blockedReasons {@code blocked-reasons} (QEMU 6.0+): why migration is not possible
 * @param blocked the deprecated {@code blocked} flag of older QEMUs
 * @param errorDesc {@code error-desc} of a failed migration
 * @param cpuThrottlePercentage {@code cpu-throttle-percentage} under auto-converge
 */
public record QueryMigrate(
    String status,
    Optional<RamStats> ram,
    OptionalLong vfioTransferred,
    Optional<Duration> totalTime,
    Optional<Duration> expectedDowntime,
    Optional<Duration> downtime,
    Optional<Duration> setupTime,
    List<String> blockedReasons,
    Optional<Boolean> blocked,
    Optional<String> errorDesc,
    OptionalInt cpuThrottlePercentage) {

  /**
   * {@code MigrationStats}; members missing in older QEMUs read as 0 or empty.
   *
   * @param mbps the throughput in megabits per second, a float
   */
  public record RamStats(
      long transferred,
      long remaining,
      long total,
      long duplicate,
      long normal,
      long normalBytes,
      long dirtyPagesRate,
      double mbps,
      long dirtySyncCount,
      long postcopyRequests,
      long pageSize,
      OptionalLong precopyBytes,
      OptionalLong downtimeBytes,
      OptionalLong postcopyBytes) {}

  public QueryMigrate {
    blockedReasons = List.copyOf(blockedReasons);
  }

  /**
   * Parses the raw reply line of {@code virsh qemu-monitor-command VM
   * '{"execute":"query-migrate"}'}.
   */
  public static QueryMigrate parse(String stdout) {
    JsonNode info = QmpReply.returnValue("virsh qemu-monitor-command query-migrate", stdout);
    List<String> reasons = new ArrayList<>();
    info.path("blocked-reasons").forEach(r -> reasons.add(r.asText()));
    JsonNode vfio = info.path("vfio").path("transferred");
    JsonNode blocked = info.get("blocked");
    JsonNode throttle = info.get("cpu-throttle-percentage");
    return new QueryMigrate(
        info.path("status").asText("none"),
        info.has("ram") ? Optional.of(ram(info.get("ram"))) : Optional.empty(),
        vfio.isNumber() ? OptionalLong.of(vfio.asLong()) : OptionalLong.empty(),
        millis(info, "total-time"),
        millis(info, "expected-downtime"),
        millis(info, "downtime"),
        millis(info, "setup-time"),
        reasons,
        blocked != null && blocked.isBoolean()
            ? Optional.of(blocked.asBoolean())
            : Optional.empty(),
        Optional.ofNullable(info.get("error-desc")).map(JsonNode::asText),
        throttle != null && throttle.isNumber()
            ? OptionalInt.of(throttle.asInt())
            : OptionalInt.empty());
  }

  /** True before any migration ({@code {"return": {}}}) and after a cancelled or failed one. */
  public boolean idle() {
    return status.equals("none") || status.equals("cancelled") || status.equals("failed");
  }

  /** The VF's device state sent so far, when QEMU reports it. */
  public Optional<ByteSize> deviceStateTransferred() {
    return vfioTransferred.isPresent()
        ? Optional.of(ByteSize.ofBytes(vfioTransferred.getAsLong()))
        : Optional.empty();
  }

  private static RamStats ram(JsonNode ram) {
    return new RamStats(
        ram.path("transferred").asLong(0),
        ram.path("remaining").asLong(0),
        ram.path("total").asLong(0),
        ram.path("duplicate").asLong(0),
        ram.path("normal").asLong(0),
        ram.path("normal-bytes").asLong(0),
        ram.path("dirty-pages-rate").asLong(0),
        ram.path("mbps").asDouble(0),
        ram.path("dirty-sync-count").asLong(0),
        ram.path("postcopy-requests").asLong(0),
        ram.path("page-size").asLong(0),
        optionalLong(ram, "precopy-bytes"),
        optionalLong(ram, "downtime-bytes"),
        optionalLong(ram, "postcopy-bytes"));
  }

  private static OptionalLong optionalLong(JsonNode node, String member) {
    JsonNode value = node.get(member);
    return value != null && value.isNumber()
        ? OptionalLong.of(value.asLong())
        : OptionalLong.empty();
  }

  private static Optional<Duration> millis(JsonNode node, String member) {
    OptionalLong ms = optionalLong(node, member);
    return ms.isPresent() ? Optional.of(Duration.ofMillis(ms.getAsLong())) : Optional.empty();
  }
}
