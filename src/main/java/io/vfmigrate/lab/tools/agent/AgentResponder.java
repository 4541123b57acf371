package io.vfmigrate.lab.tools.agent;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vfmigrate.lab.machine.GuestProcesses;
import io.vfmigrate.lab.state.GuestExecSpec;
import io.vfmigrate.lab.state.InterfaceSpec;
import io.vfmigrate.lab.state.VmSpec;
import io.vfmigrate.lab.tools.LabContext;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The QEMU guest agent of a lab domain, as {@code virsh qemu-agent-command} reaches it: libvirt's
 * availability checks (qemu_domain.c {@code qemuDomainAgentAvailable}), then qemu-ga's answers
 * (qga/qapi-schema.json) re-serialised by libvirt on one line. Member order follows real replies
 * printed by virsh (qemu-ga builds them in a hash table, so it is not the schema's order).
 */
public final class AgentResponder {
  private final ObjectMapper json = new ObjectMapper();

  /** Runs one agent command given as virsh's JSON argument. */
  public AgentReply call(LabContext context, VmSpec vm, String command) {
    if (!"running".equals(vm.state)) {
      return AgentReply.error("Requested operation is not valid: domain is not running");
    }
    if (!vm.guestAgent) {
      return AgentReply.error("Guest agent is not responding: QEMU guest agent is not connected");
    }
    JsonNode request;
    try {
      request = json.readTree(command);
    } catch (JsonProcessingException e) {
      return AgentReply.error("internal error: cannot parse json " + command + ": parse error");
    }
    if (request == null || !request.path("execute").isTextual()) {
      return AgentReply.error(
          "internal error: unable to execute QEMU agent command '(null)': "
              + "QMP input lacks member 'execute'");
    }
    String name = request.path("execute").asText();
    JsonNode arguments = request.path("arguments");
    return switch (name) {
      case "guest-ping" -> reply(Map.of());
      case "guest-network-get-interfaces" -> reply(interfaces(vm));
      case "guest-exec" -> exec(context, vm, arguments);
      case "guest-exec-status" -> execStatus(vm, arguments);
      default -> failed(name, "The command " + name + " has not been found");
    };
  }

  private AgentReply reply(Object value) {
    Map<String, Object> wrapper = new LinkedHashMap<>();
    wrapper.put("return", value);
    try {
      return AgentReply.ok(json.writeValueAsString(wrapper));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise an agent reply", e);
    }
  }

  /** libvirt's wrapping of an error the agent returned (qemu_agent.c qemuAgentCheckError). */
  private static AgentReply failed(String command, String description) {
    return AgentReply.error(
        "internal error: unable to execute QEMU agent command '" + command + "': " + description);
  }

  private static List<Object> interfaces(VmSpec vm) {
    List<Object> list = new ArrayList<>();
    list.add(
        netInterface(
            "lo",
            List.of(address("ipv4", "127.0.0.1", 8), address("ipv6", "::1", 128)),
            "00:00:00:00:00:00",
            0));
    int n = 1;
    for (InterfaceSpec iface : vm.interfaces) {
      if (iface.guestName == null) {
        continue;
      }
      List<Object> addresses = new ArrayList<>();
      if (iface.ip != null) {
        String[] parts = iface.ip.split("/", 2);
        addresses.add(
            address("ipv4", parts[0], parts.length > 1 ? Integer.parseInt(parts[1]) : 32));
      }
      list.add(netInterface(iface.guestName, addresses, iface.mac, n++));
    }
    return list;
  }

  private static Map<String, Object> netInterface(
      String name, List<Object> addresses, String mac, int n) {
    Map<String, Object> iface = new LinkedHashMap<>();
    iface.put("name", name);
    if (!addresses.isEmpty()) {
      iface.put("ip-addresses", addresses);
    }
    Map<String, Object> stats = new LinkedHashMap<>();
    long packets = 1000L * n;
    stats.put("tx-packets", packets);
    stats.put("tx-errs", 0);
    stats.put("rx-bytes", packets * 120);
    stats.put("rx-dropped", 0);
    stats.put("rx-packets", packets);
    stats.put("rx-errs", 0);
    stats.put("tx-bytes", packets * 100);
    stats.put("tx-dropped", 0);
    iface.put("statistics", stats);
    if (mac != null) {
      iface.put("hardware-address", mac);
    }
    return iface;
  }

  private static Map<String, Object> address(String type, String ip, int prefix) {
    Map<String, Object> address = new LinkedHashMap<>();
    address.put("ip-address-type", type);
    address.put("ip-address", ip);
    address.put("prefix", prefix);
    return address;
  }

  private AgentReply exec(LabContext context, VmSpec vm, JsonNode arguments) {
    if (!arguments.path("path").isTextual()) {
      return failed("guest-exec", "Parameter 'path' is missing");
    }
    String path = arguments.path("path").asText();
    List<String> args = new ArrayList<>();
    for (JsonNode arg : arguments.path("arg")) {
      args.add(arg.asText());
    }
    String program = path.substring(path.lastIndexOf('/') + 1);
    if (!program.equals("ping") && !program.equals("cat")) {
      // glib's g_spawn error as qemu-ga reports it for a program the lab guest does not have.
      return failed(
          "guest-exec",
          "Failed to execute child process \u201c" + path + "\u201d (No such file or directory)");
    }
    AgentProcessResult result =
        program.equals("cat")
            ? AgentCat.run(context.host(), vm, args)
            : AgentPing.run(context, vm, args);
    String capture = captureMode(arguments.path("capture-output"));
    String out =
        switch (capture) {
          case "separated", "stdout" -> result.stdout();
          case "merged" -> result.stdout() + result.stderr();
          default -> "";
        };
    String err =
        switch (capture) {
          case "separated", "stderr" -> result.stderr();
          default -> "";
        };
    GuestExecSpec process = GuestProcesses.record(vm, result.exitCode(), out, err);
    return reply(Map.of("pid", process.pid));
  }

  /**
   * capture-output: a bool before QEMU 8.1, since then also none|stdout|stderr|separated|merged.
   */
  private static String captureMode(JsonNode node) {
    if (node.isBoolean()) {
      return node.asBoolean() ? "separated" : "none";
    }
    return node.isTextual() ? node.asText() : "none";
  }

  private AgentReply execStatus(VmSpec vm, JsonNode arguments) {
    int pid = arguments.path("pid").asInt(-1);
    Optional<GuestExecSpec> reaped = GuestProcesses.reap(vm, pid);
    if (reaped.isPresent()) {
      GuestExecSpec process = reaped.get();
      Map<String, Object> status = new LinkedHashMap<>();
      status.put("exitcode", process.exitCode);
      if (!process.stdout.isEmpty()) {
        status.put("out-data", base64(process.stdout));
      }
      if (!process.stderr.isEmpty()) {
        status.put("err-data", base64(process.stderr));
      }
      status.put("exited", true);
      return reply(status);
    }
    return failed("guest-exec-status", "Invalid parameter 'pid'");
  }

  private static String base64(String text) {
    return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }
}
