package io.vfmigrate.tools.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vfmigrate.host.HostClock;
import io.vfmigrate.model.MacAddress;
import io.vfmigrate.model.Names;
import io.vfmigrate.tools.ToolException;
import io.vfmigrate.tools.ToolOutputException;
import io.vfmigrate.tools.virsh.GuestAgentUnavailableException;
import io.vfmigrate.tools.virsh.QmpReply;
import io.vfmigrate.tools.virsh.Virsh;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The QEMU guest agent of one domain, reached through {@code virsh qemu-agent-command}. Commands
 * and replies follow qga/qapi-schema.json (tool-formats.md §8); members this class does not know
 * are ignored. An absent or silent agent throws {@link GuestAgentUnavailableException}.
 */
public final class GuestAgent {
  /** How long to wait between two {@code guest-exec-status} polls, on the host's clock, at most. */
  public static final Duration POLL_INTERVAL_MAX = Duration.ofMillis(800);

  /** The wait after the first poll that found the program still running; it doubles. */
  public static final Duration FIRST_RETRY = Duration.ofMillis(50);

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Virsh virsh;
  private final String vm;

  public GuestAgent(Virsh virsh, String vm) {
    this.virsh = Objects.requireNonNull(virsh, "virsh");
    this.vm = Names.vmName(vm);
  }

  /** {@code guest-ping}: true when the agent answers, false when it is absent or silent. */
  public boolean responding() {
    try {
      call(command("guest-ping"));
      return true;
    } catch (GuestAgentUnavailableException e) {
      return false;
    }
  }

  /** {@code guest-network-get-interfaces}. */
  public List<GuestInterface> interfaces() {
    String tool = "guest-network-get-interfaces";
    JsonNode list = call(command(tool));
    if (!list.isArray()) {
      throw new ToolOutputException(tool, "the reply is not a list", list.toString());
    }
    List<GuestInterface> out = new ArrayList<>();
    for (JsonNode iface : list) {
      JsonNode name = iface.get("name");
      if (name == null || !name.isTextual()) {
        throw new ToolOutputException(tool, "an interface has no name", list.toString());
      }
      List<GuestInterface.IpAddress> addresses = new ArrayList<>();
      for (JsonNode ip : iface.path("ip-addresses")) {
        addresses.add(
            new GuestInterface.IpAddress(
                ip.path("ip-address").asText(),
                ip.path("ip-address-type").asText(),
                ip.path("prefix").asInt()));
      }
      JsonNode stats = iface.get("statistics");
      out.add(
          new GuestInterface(
              name.asText(),
              Optional.ofNullable(iface.get("hardware-address")).map(JsonNode::asText),
              addresses,
              Optional.ofNullable(stats).filter(JsonNode::isObject).map(GuestAgent::statistics)));
    }
    return out;
  }

  /** The guest interface with this MAC, e.g. the VF after a migration. */
  public Optional<GuestInterface> interfaceWithMac(MacAddress mac) {
    return interfaces().stream().filter(i -> i.mac().filter(mac::equals).isPresent()).findFirst();
  }

  /**
   * Runs a program in the guest ({@code guest-exec} with {@code capture-output: true}, in the C
   * locale: {@code env: ["LC_ALL=C"]}, which becomes the program's whole environment) and polls
   * {@code guest-exec-status} on the host's clock until it has exited or {@code timeout} passed.
   */
  public GuestExecResult exec(String path, List<String> args, Duration timeout) {
    return exec(path, args, timeout, Duration.ZERO);
  }

  /**
   * As {@link #exec(String, List, Duration)}, polling adaptively: the first {@code
   * guest-exec-status} after {@code expected} (how long the program should take), then at {@link
   * #FIRST_RETRY}, doubling up to {@link #POLL_INTERVAL_MAX}; a quick program costs one poll.
   */
  public GuestExecResult exec(String path, List<String> args, Duration timeout, Duration expected) {
    ObjectNode arguments = JSON.createObjectNode();
    arguments.put("path", path);
    ArrayNode arg = arguments.putArray("arg");
    args.forEach(arg::add);
    arguments.put("capture-output", true);
    // The guest's language is its owner's; what the program prints (ping's summary) is parsed.
    arguments.putArray("env").add("LC_ALL=C");
    JsonNode started = call(command("guest-exec").set("arguments", arguments));
    JsonNode pid = started.get("pid");
    if (pid == null || !pid.canConvertToInt()) {
      throw new ToolOutputException("guest-exec", "the reply has no pid", started.toString());
    }
    HostClock clock = virsh.host().clock();
    Instant deadline = clock.now().plus(timeout);
    ObjectNode status = command("guest-exec-status");
    status.putObject("arguments").put("pid", pid.asInt());
    if (!expected.isZero() && !expected.isNegative()) {
      clock.sleep(expected);
    }
    Duration wait = FIRST_RETRY;
    while (true) {
      JsonNode reply = call(status);
      if (reply.path("exited").asBoolean(false)) {
        return result(reply);
      }
      if (!clock.now().isBefore(deadline)) {
        throw new ToolException(
            "'"
                + path
                + (args.isEmpty() ? "" : " " + String.join(" ", args))
                + "' (pid "
                + pid.asInt()
                + ") did not finish within "
                + timeout.toSeconds()
                + "s in the guest of "
                + vm
                + ".",
            "check the guest; the process may still be running there.",
            null);
      }
      clock.sleep(wait);
      wait =
          wait.multipliedBy(2).compareTo(POLL_INTERVAL_MAX) > 0
              ? POLL_INTERVAL_MAX
              : wait.multipliedBy(2);
    }
  }

  private JsonNode call(ObjectNode command) {
    String reply = virsh.qemuAgentCommand(vm, command.toString());
    return QmpReply.returnValue(
        "virsh qemu-agent-command " + command.path("execute").asText(), reply);
  }

  private static ObjectNode command(String name) {
    ObjectNode command = JSON.createObjectNode();
    command.put("execute", name);
    return command;
  }

  private static GuestExecResult result(JsonNode status) {
    JsonNode exit = status.get("exitcode");
    JsonNode signal = status.get("signal");
    return new GuestExecResult(
        exit != null && exit.canConvertToInt() ? OptionalInt.of(exit.asInt()) : OptionalInt.empty(),
        signal != null && signal.canConvertToInt()
            ? OptionalInt.of(signal.asInt())
            : OptionalInt.empty(),
        decode(status.get("out-data")),
        decode(status.get("err-data")),
        status.path("out-truncated").asBoolean(false)
            || status.path("err-truncated").asBoolean(false));
  }

  private static String decode(JsonNode data) {
    if (data == null || data.isNull()) {
      return "";
    }
    try {
      return new String(Base64.getMimeDecoder().decode(data.asText()), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new ToolOutputException("guest-exec-status", "output is not base64", data.asText());
    }
  }

  private static GuestInterface.Statistics statistics(JsonNode s) {
    return new GuestInterface.Statistics(
        s.path("rx-bytes").asLong(),
        s.path("rx-packets").asLong(),
        s.path("rx-errs").asLong(),
        s.path("rx-dropped").asLong(),
        s.path("tx-bytes").asLong(),
        s.path("tx-packets").asLong(),
        s.path("tx-errs").asLong(),
        s.path("tx-dropped").asLong());
  }
}
