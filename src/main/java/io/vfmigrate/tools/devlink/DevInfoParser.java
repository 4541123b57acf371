package io.vfmigrate.tools.devlink;

import com.fasterxml.jackson.databind.JsonNode;
import io.vfmigrate.tools.ToolOutputException;
import java.util.Optional;

/**
 * Parses {@code devlink -j dev info pci/PF} (iproute2 devlink.c {@code pr_out_info}): {@code
 * {"info":{"pci/PF":{"driver":"mlx5_core","versions":{"fixed":{"fw.psid":"MT_..."},
 * "running":{"fw.version":"28.41.1000","fw":"28.41.1000"},"stored":{...}}}}}}. A group without
 * versions is absent; {@code serial_number}, {@code board.serial_number} and other versions are
 * ignored. Without {@code fw.psid} or a running {@code fw.version} the device is not an mlx5 PF as
 * vfmigrate knows it.
 */
public final class DevInfoParser {
  private static final String TOOL = "devlink dev info";

  private DevInfoParser() {}

  public static DevInfo parse(String json) {
    JsonNode info =
        DevlinkJson.single(DevlinkJson.section(json, "info", TOOL), json, TOOL).getValue();
    JsonNode versions = info.path("versions");
    String psid =
        version(versions, "fixed", "fw.psid")
            .orElseThrow(() -> new ToolOutputException(TOOL, "no fixed fw.psid", json));
    String running =
        version(versions, "running", "fw.version")
            .orElseThrow(() -> new ToolOutputException(TOOL, "no running fw.version", json));
    return new DevInfo(
        DevlinkJson.text(info, "driver").orElse(""),
        psid,
        running,
        version(versions, "stored", "fw.version"));
  }

  private static Optional<String> version(JsonNode versions, String group, String name) {
    return DevlinkJson.text(versions.path(group), name);
  }
}
