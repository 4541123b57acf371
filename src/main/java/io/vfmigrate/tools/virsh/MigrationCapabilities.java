package io.vfmigrate.tools.virsh;

import com.fasterxml.jackson.databind.JsonNode;
import io.vfmigrate.tools.ToolOutputException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * QEMU's migration capabilities from {@code query-migrate-capabilities} (qapi/migration.json: a
 * list of MigrationCapabilityStatus, {@code {"capability": NAME, "state": BOOL}}): which this QEMU
 * knows (a capability it lacks is not listed) and which are on. While a migration runs, libvirt has
 * set them for it: {@code switchover-ack} on means the source waits for the destination's ack.
 */
public record MigrationCapabilities(Map<String, Boolean> states) {
  public static final String TOOL = "query-migrate-capabilities";

  public MigrationCapabilities {
    states = Map.copyOf(states);
  }

  /** Parses {@code virsh qemu-monitor-command VM '{"execute":"query-migrate-capabilities"}'}. */
  public static MigrationCapabilities parse(String stdout) {
    JsonNode list = QmpReply.returnValue(TOOL, stdout);
    if (!list.isArray()) {
      throw new ToolOutputException(TOOL, "the reply is not a list", stdout);
    }
    Map<String, Boolean> states = new LinkedHashMap<>();
    for (JsonNode c : list) {
      JsonNode name = c.get("capability");
      JsonNode state = c.get("state");
      if (name == null || !name.isTextual() || state == null || !state.isBoolean()) {
        throw new ToolOutputException(TOOL, "an entry lacks capability or state", stdout);
      }
      states.put(name.asText(), state.asBoolean());
    }
    return new MigrationCapabilities(states);
  }

  /** True when this QEMU knows the capability. */
  public boolean supports(String capability) {
    return states.containsKey(capability);
  }

  /** Its state; empty when this QEMU does not know it. */
  public Optional<Boolean> state(String capability) {
    return Optional.ofNullable(states.get(capability));
  }
}
