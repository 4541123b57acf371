package io.vfmigrate.tools.devlink;

import com.fasterxml.jackson.databind.JsonNode;
import io.vfmigrate.tools.ToolOutputException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Parses {@code devlink dev eswitch show} (iproute2 devlink.c {@code pr_out_eswitch}), as JSON
 * ({@code -j}: {@code {"dev":{"pci/PF":{"mode":"switchdev","inline-mode":"none",
 * "encap-mode":"basic"}}}}) or as text ({@code pci/PF: mode switchdev inline-mode none encap-mode
 * basic}). iproute2 before 5.7 (commit 0b1875cd) printed {@code encap enable|disable} (JSON key
 * {@code encap}) instead of {@code encap-mode}.
 */
public final class EswitchParser {
  private static final String TOOL = "devlink dev eswitch show";

  private EswitchParser() {}

  public static EswitchInfo parseJson(String json) {
    JsonNode attrs =
        DevlinkJson.single(DevlinkJson.section(json, "dev", TOOL), json, TOOL).getValue();
    Map<String, String> fields = new HashMap<>();
    attrs.fields().forEachRemaining(e -> fields.put(e.getKey(), e.getValue().asText()));
    return fromFields(fields, json);
  }

  public static EswitchInfo parseText(String text) {
    String line = text.strip();
    int colon = line.indexOf(": ");
    if (colon < 0) {
      throw new ToolOutputException(TOOL, "expected 'pci/ADDRESS: mode ...'", text);
    }
    String[] words = line.substring(colon + 2).strip().split("\\s+");
    Map<String, String> fields = new HashMap<>();
    for (int i = 0; i + 1 < words.length; i += 2) {
      fields.put(words[i], words[i + 1]);
    }
    return fromFields(fields, text);
  }

  private static EswitchInfo fromFields(Map<String, String> fields, String output) {
    String modeName = fields.get("mode");
    if (modeName == null) {
      throw new ToolOutputException(TOOL, "no eswitch mode", output);
    }
    EswitchMode mode =
        EswitchMode.fromWireName(modeName)
            .orElseThrow(
                () -> new ToolOutputException(TOOL, "unknown mode '" + modeName + "'", output));
    Optional<String> encap = Optional.ofNullable(fields.get("encap-mode"));
    if (encap.isEmpty() && fields.containsKey("encap")) {
      encap = Optional.of("enable".equals(fields.get("encap")) ? "basic" : "none");
    }
    return new EswitchInfo(mode, Optional.ofNullable(fields.get("inline-mode")), encap);
  }
}
