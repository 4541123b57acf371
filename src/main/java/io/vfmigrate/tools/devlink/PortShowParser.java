package io.vfmigrate.tools.devlink;

import com.fasterxml.jackson.databind.JsonNode;
import io.vfmigrate.model.InvalidInputException;
import io.vfmigrate.model.PciAddress;
import io.vfmigrate.tools.ToolOutputException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Parses {@code devlink -j port show} (iproute2 devlink.c {@code pr_out_port} and {@code
 * pr_out_port_function}): {@code {"port":{"pci/0000:e1:00.0/1":{"type":"eth","netdev":"...",
 * "flavour":"pcivf","controller":0,"pfnum":0,"vfnum":0,"external":false,"splittable":false,
 * "function":{"hw_addr":"00:00:00:00:00:00","roce":"enable","migratable":"disable"}}}}}. Ports of
 * non-PCI devices (netdevsim, auxiliary SFs) are skipped; unknown keys are ignored.
 */
public final class PortShowParser {
  private static final String TOOL = "devlink port show";
  private static final String PCI = "pci/";

  private PortShowParser() {}

  public static List<DevlinkPort> parse(String json) {
    JsonNode ports = DevlinkJson.section(json, "port", TOOL);
    List<DevlinkPort> result = new ArrayList<>();
    for (Map.Entry<String, JsonNode> entry : iterable(ports)) {
      String handle = entry.getKey();
      if (!handle.startsWith(PCI)) {
        continue;
      }
      int slash = handle.lastIndexOf('/');
      PciAddress device;
      int index;
      try {
        device = PciAddress.parse(handle.substring(PCI.length(), slash));
        long value = Long.parseLong(handle.substring(slash + 1));
        if (value < 0 || value > Integer.MAX_VALUE) {
          throw new NumberFormatException("out of range");
        }
        index = (int) value;
      } catch (InvalidInputException | NumberFormatException | StringIndexOutOfBoundsException e) {
        throw new ToolOutputException(TOOL, "unreadable port handle '" + handle + "'", json);
      }
      JsonNode port = entry.getValue();
      result.add(
          new DevlinkPort(
              handle,
              device,
              index,
              DevlinkJson.text(port, "type").orElse(""),
              DevlinkJson.text(port, "netdev"),
              DevlinkJson.text(port, "flavour").orElse(""),
              integer(port, "pfnum"),
              integer(port, "vfnum"),
              port.path("external").asBoolean(false),
              function(port.get("function"))));
    }
    return result;
  }

  private static Optional<PortFunction> function(JsonNode node) {
    if (node == null || !node.isObject()) {
      return Optional.empty();
    }
    return Optional.of(
        new PortFunction(
            DevlinkJson.text(node, "hw_addr"), enabled(node, "roce"), enabled(node, "migratable")));
  }

  /** {@code "enable"}/{@code "disable"} (booleans too, should a version print them so). */
  private static Optional<Boolean> enabled(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      return Optional.empty();
    }
    if (value.isBoolean()) {
      return Optional.of(value.asBoolean());
    }
    return switch (value.asText()) {
      case "enable", "enabled", "true" -> Optional.of(true);
      case "disable", "disabled", "false" -> Optional.of(false);
      default -> Optional.empty();
    };
  }

  private static OptionalInt integer(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value != null && value.canConvertToInt()
        ? OptionalInt.of(value.asInt())
        : OptionalInt.empty();
  }

  private static Iterable<Map.Entry<String, JsonNode>> iterable(JsonNode node) {
    return node::fields;
  }
}
