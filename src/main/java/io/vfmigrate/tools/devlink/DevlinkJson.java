package io.vfmigrate.tools.devlink;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vfmigrate.tools.ToolOutputException;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;

/** Reading {@code devlink -j} output: {@code {"<section>":{"<handle>":{...}}}}. */
final class DevlinkJson {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private DevlinkJson() {}

  /** The object under {@code section}, keyed by handle; an absent section is empty. */
  static JsonNode section(String json, String section, String tool) {
    JsonNode root;
    try {
      root = MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new ToolOutputException(tool, "not JSON: " + e.getOriginalMessage(), json);
    }
    if (root == null || !root.isObject()) {
      throw new ToolOutputException(tool, "expected a JSON object", json);
    }
    JsonNode node = root.path(section);
    if (node.isMissingNode() || node.isNull()) {
      return MAPPER.createObjectNode();
    }
    if (!node.isObject()) {
      throw new ToolOutputException(tool, "'" + section + "' is not an object", json);
    }
    return node;
  }

  /** The single entry of a section answered for one handle. */
  static Map.Entry<String, JsonNode> single(JsonNode section, String json, String tool) {
    Iterator<Map.Entry<String, JsonNode>> it = section.fields();
    if (!it.hasNext()) {
      throw new ToolOutputException(tool, "no device in the answer", json);
    }
    return it.next();
  }

  static Optional<String> text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value == null || value.isNull() || value.isContainerNode()
        ? Optional.empty()
        : Optional.of(value.asText());
  }
}
