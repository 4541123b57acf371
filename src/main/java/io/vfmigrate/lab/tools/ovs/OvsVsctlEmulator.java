package io.vfmigrate.lab.tools.ovs;

import io.vfmigrate.lab.machine.OvsBridges;
import io.vfmigrate.lab.machine.OvsDatabase;
import io.vfmigrate.lab.machine.Packages;
import io.vfmigrate.lab.machine.Services;
import io.vfmigrate.lab.state.HostSpec;
import io.vfmigrate.lab.state.OvsSpec;
import io.vfmigrate.lab.tools.LabContext;
import io.vfmigrate.lab.tools.ToolEmulator;
import io.vfmigrate.lab.tools.ToolOutput;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@code ovs-vsctl} against a lab host's Open vSwitch database ({@code HostSpec.ovs}). Command
 * syntax, options and error texts follow openvswitch utilities/ovs-vsctl.c and lib/db-ctl-base.c;
 * output formats reference/tool-formats.md §7. Commands separated by {@code --} run as one
 * transaction: a failing command leaves the database as it was. Interface state (ofport, error) is
 * computed when asked, so a port added before its netdev existed heals as vswitchd does.
 *
 * <p>Over 300 lines (barely): ovs-vsctl's command table with each command's argument counts and
 * options, kept in one place as db-ctl-base.c keeps it.
 */
public final class OvsVsctlEmulator implements ToolEmulator {
  private static final String PREFIX = "ovs-vsctl: ";
  private static final int MAX = Integer.MAX_VALUE;

  /** One command's syntax: name, argument counts, accepted options (db-ctl-base.c tables). */
  private record Syntax(int min, int max, Set<String> options) {}

  private static final Map<String, Syntax> SYNTAX =
      Map.ofEntries(
          Map.entry("get", new Syntax(2, MAX, Set.of("--if-exists", "--id"))),
          Map.entry("set", new Syntax(3, MAX, Set.of("--if-exists"))),
          Map.entry("remove", new Syntax(4, MAX, Set.of("--if-exists"))),
          Map.entry("add-br", new Syntax(1, 3, Set.of("--may-exist"))),
          Map.entry("del-br", new Syntax(1, 1, Set.of("--if-exists"))),
          Map.entry("list-br", new Syntax(0, 0, Set.of("--real", "--fake"))),
          Map.entry("br-exists", new Syntax(1, 1, Set.of())),
          Map.entry("list-ports", new Syntax(1, 1, Set.of())),
          Map.entry("add-port", new Syntax(2, MAX, Set.of("--may-exist"))),
          Map.entry("del-port", new Syntax(1, 2, Set.of("--if-exists", "--with-iface"))),
          Map.entry("list", new Syntax(1, MAX, Set.of("--if-exists", "--columns"))),
          Map.entry("show", new Syntax(0, 0, Set.of())));

  private static final Set<String> GLOBAL_FLAGS =
      Set.of("--no-wait", "--retry", "--oneline", "--no-syslog", "-v", "--verbose");

  /** A parsed command: its options (name to optional value), name and arguments. */
  private record Invocation(Map<String, String> options, String name, List<String> args) {
    boolean option(String option) {
      return options.containsKey(option);
    }

    String display() {
      List<String> words = new ArrayList<>(options.keySet());
      words.add(name);
      words.addAll(args);
      return String.join(" ", words);
    }
  }

  /** ovs-vsctl's {@code ctl_fatal}: prints {@code ovs-vsctl: MESSAGE}, exit 1. */
  private static final class Fatal extends Exception {
    private static final long serialVersionUID = 1L;

    Fatal(String message) {
      super(message);
    }
  }

  @Override
  public Set<String> programs() {
    return Set.of("ovs-vsctl");
  }

  @Override
  public ToolOutput run(LabContext context, List<String> argv, Optional<String> stdin) {
    List<Invocation> invocations;
    try {
      invocations = parse(argv.subList(1, argv.size()));
    } catch (Fatal e) {
      return ToolOutput.error(1, PREFIX + e.getMessage() + "\n");
    }
    HostSpec host = context.host();
    if (!Packages.ovsRunning(host)) {
      return ToolOutput.error(
          1,
          PREFIX
              + "unix:/var/run/openvswitch/db.sock: database connection failed (No such file or"
              + " directory)\n");
    }
    OvsBridges.Snapshot before = OvsBridges.snapshot(host.ovs);
    Map<String, String> configBefore = new LinkedHashMap<>(host.ovs.otherConfig);
    StringBuilder out = new StringBuilder();
    int exit = 0;
    try {
      for (Invocation invocation : invocations) {
        exit = Math.max(exit, execute(host, invocation, out));
      }
    } catch (Fatal | OvsDatabase.Error e) {
      OvsBridges.restore(host.ovs, before);
      return ToolOutput.error(1, PREFIX + e.getMessage() + "\n");
    }
    if (!configBefore.equals(host.ovs.otherConfig)) {
      Services.ovsReconfigured(host);
    }
    return ToolOutput.of(exit, out.toString(), "");
  }

  private static List<Invocation> parse(List<String> args) throws Fatal {
    List<Invocation> invocations = new ArrayList<>();
    int i = 0;
    while (i < args.size()) {
      Map<String, String> options = new LinkedHashMap<>();
      while (i < args.size() && args.get(i).startsWith("-") && !args.get(i).equals("--")) {
        String arg = args.get(i++);
        if (GLOBAL_FLAGS.contains(arg) || arg.startsWith("--timeout=") || arg.startsWith("--db=")) {
          continue;
        }
        if (arg.equals("-t") || arg.equals("--timeout")) {
          i++;
          continue;
        }
        int eq = arg.indexOf('=');
        String key = eq >= 0 ? arg.substring(0, eq) : arg;
        if (options.containsKey(key)) {
          throw new Fatal("'" + arg + "' option specified multiple times");
        }
        options.put(key, eq >= 0 ? arg.substring(eq + 1) : null);
      }
      if (i >= args.size() || args.get(i).equals("--")) {
        throw new Fatal("missing command name (use --help for help)");
      }
      String name = args.get(i++);
      List<String> rest = new ArrayList<>();
      while (i < args.size() && !args.get(i).equals("--")) {
        rest.add(args.get(i++));
      }
      i++;
      invocations.add(check(new Invocation(options, name, rest)));
    }
    if (invocations.isEmpty()) {
      throw new Fatal("missing command name (use --help for help)");
    }
    return invocations;
  }

  private static Invocation check(Invocation invocation) throws Fatal {
    Syntax syntax = SYNTAX.get(invocation.name());
    if (syntax == null) {
      throw new Fatal("unknown command '" + invocation.name() + "'; use --help for help");
    }
    for (String option : invocation.options().keySet()) {
      if (!syntax.options().contains(option)) {
        throw new Fatal("'" + invocation.name() + "' command has no '" + option + "' option");
      }
    }
    int n = invocation.args().size();
    if (n < syntax.min()) {
      throw new Fatal(
          "'" + invocation.name() + "' command requires at least " + syntax.min() + " arguments");
    }
    if (n > syntax.max()) {
      throw new Fatal(
          "'" + invocation.name() + "' command takes at most " + syntax.max() + " arguments");
    }
    return invocation;
  }

  private static int execute(HostSpec host, Invocation inv, StringBuilder out)
      throws Fatal, OvsDatabase.Error {
    OvsDatabase db = new OvsDatabase(host);
    List<String> a = inv.args();
    switch (inv.name()) {
      case "get" ->
          db.get(a.get(0), a.get(1), a.subList(2, a.size()), inv.option("--if-exists"), out);
      case "set" -> db.set(a.get(0), a.get(1), a.subList(2, a.size()));
      case "remove" -> db.remove(a.get(0), a.get(1), a.get(2), a.subList(3, a.size()));
      case "add-br" -> addBridge(host.ovs, inv);
      case "del-br" -> {
        if (!OvsBridges.deleteBridge(host.ovs, a.get(0)) && !inv.option("--if-exists")) {
          throw new Fatal("no bridge named " + a.get(0));
        }
      }
      case "list-br" ->
          new TreeSet<>(host.ovs.bridges.keySet()).forEach(b -> out.append(b).append('\n'));
      case "br-exists" -> {
        return host.ovs.bridges.containsKey(a.get(0)) ? 0 : 2;
      }
      case "list-ports" ->
          new TreeSet<>(ports(host.ovs, a.get(0))).forEach(p -> out.append(p).append('\n'));
      case "add-port" -> addPort(host.ovs, inv);
      case "del-port" -> delPort(host.ovs, inv);
      case "show" -> out.append(db.show());
      case "list" ->
          out.append(
              new OvsList(host, db)
                  .list(
                      a.get(0),
                      a.subList(1, a.size()),
                      Optional.ofNullable(inv.options().get("--columns"))));
      default -> throw new IllegalStateException("no handler for " + inv.name());
    }
    return 0;
  }

  private static List<String> ports(OvsSpec ovs, String bridge) throws Fatal {
    List<String> ports = ovs.bridges.get(bridge);
    if (ports == null) {
      throw new Fatal("no bridge named " + bridge);
    }
    return ports;
  }

  /** The bridge a port is on, if any. */
  private static Optional<String> bridgeOf(OvsSpec ovs, String port) {
    for (Map.Entry<String, List<String>> bridge : ovs.bridges.entrySet()) {
      if (bridge.getValue().contains(port)) {
        return Optional.of(bridge.getKey());
      }
    }
    return Optional.empty();
  }

  /** ovs-vsctl.c check_conflicts. */
  private static void checkConflicts(OvsSpec ovs, String name, String what) throws Fatal {
    if (ovs.bridges.containsKey(name)) {
      throw new Fatal(what + " because a bridge named " + name + " already exists");
    }
    Optional<String> bridge = bridgeOf(ovs, name);
    if (bridge.isPresent()) {
      throw new Fatal(
          what + " because a port named " + name + " already exists on bridge " + bridge.get());
    }
  }

  private static void addBridge(OvsSpec ovs, Invocation inv) throws Fatal {
    String name = inv.args().get(0);
    if (name.isEmpty()) {
      throw new Fatal("bridge name must not be empty string");
    }
    if (inv.args().size() == 2) {
      throw new Fatal("'add-br' command takes exactly 1 or 3 arguments");
    }
    if (inv.args().size() == 3) {
      throw new Fatal("the lab does not emulate fake (VLAN) bridges");
    }
    if (inv.option("--may-exist") && ovs.bridges.containsKey(name)) {
      return;
    }
    checkConflicts(ovs, name, "cannot create a bridge named " + name);
    OvsBridges.addBridge(ovs, name);
  }

  private static void addPort(OvsSpec ovs, Invocation inv) throws Fatal {
    String bridge = inv.args().get(0);
    String port = inv.args().get(1);
    if (port.isEmpty()) {
      throw new Fatal("port name must not be empty string");
    }
    if (inv.args().size() > 2) {
      throw new Fatal("the lab does not emulate column settings on add-port");
    }
    Optional<String> current = bridgeOf(ovs, port);
    if (inv.option("--may-exist") && current.isPresent()) {
      if (!current.get().equals(bridge)) {
        throw new Fatal(
            "\""
                + inv.display()
                + "\" but "
                + port
                + " is actually attached to bridge "
                + current.get());
      }
      return;
    }
    checkConflicts(ovs, port, "cannot create a port named " + port);
    ports(ovs, bridge);
    OvsBridges.addPort(ovs, bridge, port);
  }

  private static void delPort(OvsSpec ovs, Invocation inv) throws Fatal {
    List<String> a = inv.args();
    String target = a.get(a.size() - 1);
    boolean mustExist = !inv.option("--if-exists");
    if (ovs.bridges.containsKey(target)) {
      if (mustExist) {
        throw new Fatal(
            "cannot delete port "
                + target
                + " because it is the local port for bridge "
                + target
                + " (deleting this port requires deleting the entire bridge)");
      }
      return;
    }
    Optional<String> bridge = bridgeOf(ovs, target);
    if (bridge.isEmpty()) {
      if (mustExist) {
        throw new Fatal("no port named " + target);
      }
      return;
    }
    if (a.size() == 2) {
      ports(ovs, a.get(0));
      if (!bridge.get().equals(a.get(0))) {
        throw new Fatal("bridge " + a.get(0) + " does not have a port " + target);
      }
    }
    OvsBridges.deletePort(ovs, bridge.get(), target);
  }
}
