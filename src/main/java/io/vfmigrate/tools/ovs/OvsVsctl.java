package io.vfmigrate.tools.ovs;

import io.vfmigrate.host.CommandResult;
import io.vfmigrate.host.Host;
import io.vfmigrate.model.InvalidInputException;
import io.vfmigrate.model.Names;
import io.vfmigrate.tools.ToolException;
import io.vfmigrate.tools.ToolOutputException;
import io.vfmigrate.tools.ToolRunner;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The {@code ovs-vsctl} adapter: exactly the argv of docs/commands.md §Preparation. Formats:
 * tool-formats.md §7 and openvswitch lib/ovsdb-data.c (see {@link OvsdbText}). Errors go to stderr
 * as {@code ovs-vsctl: ...} with exit code 1; an unreachable database becomes {@link
 * OvsDatabaseUnreachableException}.
 */
public final class OvsVsctl {
  public static final String PACKAGE = "openvswitch";
  private static final String TOOL = "ovs-vsctl";

  /** other_config keys and values vfmigrate sets: no quotes, '=', ',' or spaces to escape. */
  private static final Pattern CONFIG_TOKEN = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.:-]{0,127}");

  private final ToolRunner runner;

  public OvsVsctl(Host host) {
    this.runner = new ToolRunner(host, PACKAGE);
  }

  /** {@code ovs-vsctl get Open_vSwitch . other_config}. */
  public Map<String, String> otherConfig() {
    CommandResult result = run("ovs-vsctl", "get", "Open_vSwitch", ".", "other_config");
    try {
      return OvsdbText.parseMap(result.stdout());
    } catch (IllegalArgumentException e) {
      throw new ToolOutputException(TOOL, "other_config is not an OVSDB map", result);
    }
  }

  /** {@code ovs-vsctl set Open_vSwitch . other_config:KEY=VALUE}. */
  public void setOtherConfig(String key, String value) {
    run(
        "ovs-vsctl",
        "set",
        "Open_vSwitch",
        ".",
        "other_config:" + token(key, "key") + "=" + token(value, "value"));
  }

  /** {@code ovs-vsctl remove Open_vSwitch . other_config KEY}; a missing key is not an error. */
  public void removeOtherConfig(String key) {
    run("ovs-vsctl", "remove", "Open_vSwitch", ".", "other_config", token(key, "key"));
  }

  /** {@code ovs-vsctl --may-exist add-br BR}. */
  public void addBridge(String bridge) {
    run("ovs-vsctl", "--may-exist", "add-br", Names.bridgeName(bridge));
  }

  /** {@code ovs-vsctl --if-exists del-br BR}. */
  public void deleteBridge(String bridge) {
    run("ovs-vsctl", "--if-exists", "del-br", Names.bridgeName(bridge));
  }

  /** {@code ovs-vsctl --may-exist add-port BR PORT}; a missing netdev still adds the port. */
  public void addPort(String bridge, String port) {
    run("ovs-vsctl", "--may-exist", "add-port", Names.bridgeName(bridge), Names.netdevName(port));
  }

  /** {@code ovs-vsctl --if-exists del-port BR PORT}. */
  public void deletePort(String bridge, String port) {
    run("ovs-vsctl", "--if-exists", "del-port", Names.bridgeName(bridge), Names.netdevName(port));
  }

  /** {@code ovs-vsctl list-br}: one name per line, sorted; nothing when there is none. */
  public List<String> listBridges() {
    return lines(run("ovs-vsctl", "list-br").stdout());
  }

  /** {@code ovs-vsctl list-ports BR}. */
  public List<String> listPorts(String bridge) {
    return lines(run("ovs-vsctl", "list-ports", Names.bridgeName(bridge)).stdout());
  }

  /**
   * {@code ovs-vsctl get Interface PORT ofport}: the OpenFlow port number; -1 when vswitchd could
   * not open the netdev, and also -1 for {@code []} (not assigned yet).
   */
  public int ofport(String port) {
    CommandResult result = run("ovs-vsctl", "get", "Interface", Names.netdevName(port), "ofport");
    try {
      return OvsdbText.parseOptional(result.stdout()).map(Integer::parseInt).orElse(-1);
    } catch (IllegalArgumentException e) {
      throw new ToolOutputException(TOOL, "ofport is not an integer", result);
    }
  }

  /**
   * {@code ovs-vsctl get Interface PORT error}: empty for {@code []}, else vswitchd's message, e.g.
   * {@code could not open network device X (No such device)}.
   */
  public Optional<String> interfaceError(String port) {
    CommandResult result = run("ovs-vsctl", "get", "Interface", Names.netdevName(port), "error");
    try {
      return OvsdbText.parseOptional(result.stdout());
    } catch (IllegalArgumentException e) {
      throw new ToolOutputException(TOOL, "error is not an OVSDB string", result);
    }
  }

  /**
   * True when ovsdb-server answers ({@code ovs-vsctl list-br} succeeds); false on {@code database
   * connection failed}. Other failures throw.
   */
  public boolean databaseReachable() {
    CommandResult result = runner.runAllowingFailure("ovs-vsctl", "list-br");
    if (result.succeeded()) {
      return true;
    }
    if (OvsDatabaseUnreachableException.matches(result)) {
      return false;
    }
    throw ToolException.failed(runner.host().name(), result, "");
  }

  private CommandResult run(String... argv) {
    CommandResult result = runner.runAllowingFailure(argv);
    if (result.succeeded()) {
      return result;
    }
    if (OvsDatabaseUnreachableException.matches(result)) {
      throw new OvsDatabaseUnreachableException(runner.host().name(), result);
    }
    throw ToolException.failed(
        runner.host().name(), result, "check the bridge and port names with 'ovs-vsctl show'.");
  }

  private static String token(String value, String what) {
    if (value == null || !CONFIG_TOKEN.matcher(value).matches()) {
      throw new InvalidInputException(
          "Invalid other_config " + what + " '" + value + "'.",
          "use letters, digits, '.', '_', ':' or '-', e.g. hw-offload=true.");
    }
    return value;
  }

  private static List<String> lines(String stdout) {
    List<String> out = new ArrayList<>();
    for (String line : stdout.split("\n")) {
      if (!line.isBlank()) {
        out.add(line.strip());
      }
    }
    return out;
  }
}
