package io.vfmigrate.tools.virsh;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vfmigrate.tools.ToolOutputException;

/**
 * A raw QMP / guest-agent reply as {@code virsh qemu-monitor-command} and {@code virsh
 * qemu-agent-command} print it: one JSON object, {@code {"return": ...}} or {@code {"error":
 * {"class": ..., "desc": ...}}}, for the monitor with libvirt's {@code "id": "libvirt-N"} member,
 * which is ignored.
 */
public final class QmpReply {
  private static final ObjectMapper JSON = new ObjectMapper();

  private QmpReply() {}

  /** The {@code return} member; an {@code error} reply or text that is not JSON throws. */
  public static JsonNode returnValue(String tool, String stdout) {
    JsonNode reply;
    try {
      reply = JSON.readTree(VirshText.body(stdout).strip());
    } catch (JsonProcessingException e) {
      throw new ToolOutputException(tool, "the reply is not JSON", stdout);
    }
    if (reply == null || !reply.isObject()) {
      throw new ToolOutputException(tool, "the reply is not a JSON object", stdout);
    }
    JsonNode error = reply.get("error");
    if (error != null) {
      throw new ToolOutputException(
          tool,
          "QEMU answered with an error: "
              + error.path("class").asText("?")
              + ": "
              + error.path("desc").asText(""),
          stdout);
    }
    JsonNode value = reply.get("return");
    if (value == null) {
      throw new ToolOutputException(tool, "the reply has no 'return' member", stdout);
    }
    return value;
  }

  /** Serializes a command object to one line of JSON, as the commands take it. */
  static String toJson(Object command) {
    try {
      return JSON.writeValueAsString(command);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("cannot serialize a QMP command", e);
    }
  }
}
