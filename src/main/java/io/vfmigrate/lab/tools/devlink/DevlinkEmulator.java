package io.vfmigrate.lab.tools.devlink;

import io.vfmigrate.lab.machine.HostFacts;
import io.vfmigrate.lab.machine.LabTopology;
import io.vfmigrate.lab.machine.Packages;
import io.vfmigrate.lab.machine.Sriov;
import io.vfmigrate.lab.state.HostSpec;
import io.vfmigrate.lab.state.NicSpec;
import io.vfmigrate.lab.state.VfSpec;
import io.vfmigrate.lab.tools.IprouteJson;
import io.vfmigrate.lab.tools.LabContext;
import io.vfmigrate.lab.tools.ToolEmulator;
import io.vfmigrate.lab.tools.ToolOutput;
import io.vfmigrate.model.FirmwareVersion;
import io.vfmigrate.model.MacAddress;
import io.vfmigrate.model.PciAddress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * iproute2's {@code devlink} against mlx5 devices: {@code dev show|info|eswitch show|eswitch set},
 * {@code port show|help|function set}, {@code -V}, with {@code -j}/{@code -p}. Formats from
 * devlink/devlink.c at iproute2 v6.2.0 ({@code pr_out_eswitch}, {@code pr_out_info}, {@code
 * pr_out_port}, {@code pr_out_port_function}, the indentation helpers) and lib/json_writer.c;
 * errors from lib/mnl_utils.c and lib/libnetlink.c ({@code Error: MSG.} then {@code kernel answers:
 * STRERROR}, exit 1). Subcommands match by prefix, as {@code dl_argv_match} does. Kernel behaviour
 * from drivers/net/ethernet/mellanox/mlx5/core/eswitch_offloads.c and net/devlink/port.c.
 */
public final class DevlinkEmulator implements ToolEmulator {
  private static final String ENODEV = "kernel answers: No such device\n";
  private static final String EOPNOTSUPP = "kernel answers: Operation not supported\n";
  private static final Map<String, Character> LONG_OPTIONS =
      Map.of(
          "Version",
          'V',
          "force",
          'f',
          "batch",
          'b',
          "no-nice-names",
          'n',
          "json",
          'j',
          "pretty",
          'p',
          "verbose",
          'v',
          "statistics",
          's',
          "Netns",
          'N',
          "iec",
          'i');

  @Override
  public Set<String> programs() {
    return Set.of("devlink");
  }

  /** One invocation: the options, the remaining words and the output being built. */
  private static final class Run {
    final LabContext context;
    final HostSpec host;
    final String iproute;
    boolean json;
    boolean pretty;
    List<String> words = new ArrayList<>();
    int pos;
    final StringBuilder out = new StringBuilder();
    final StringBuilder err = new StringBuilder();

    Run(LabContext context) {
      this.context = context;
      this.host = context.host();
      this.iproute = Packages.version(host, "iproute").orElse("6.2.0");
    }

    boolean hasArg() {
      return pos < words.size();
    }

    String arg() {
      return words.get(pos);
    }

    /** {@code dl_argv_match}: the word is a prefix of the pattern. */
    boolean match(String pattern) {
      return hasArg() && pattern.startsWith(arg());
    }

    String next() {
      return hasArg() ? words.get(pos++) : null;
    }

    ToolOutput result(int code) {
      return ToolOutput.of(code, out.toString(), err.toString());
    }

    ToolOutput fail(String message) {
      err.append(message);
      return result(1);
    }
  }

  @Override
  public ToolOutput run(LabContext context, List<String> argv, Optional<String> stdin) {
    Run r = new Run(context);
    boolean options = true;
    for (String arg : argv.subList(1, argv.size())) {
      if (options && arg.equals("--")) {
        options = false;
      } else if (options && arg.startsWith("--") && arg.length() > 2) {
        Optional<Character> opt = longOption(arg.substring(2));
        if (opt.isEmpty()) {
          return r.fail(
              "devlink: unrecognized option '"
                  + arg
                  + "'\nUnknown option.\n"
                  + DevlinkTexts.MAIN_HELP);
        }
        Optional<ToolOutput> done = option(r, opt.get());
        if (done.isPresent()) {
          return done.get();
        }
      } else if (options && arg.startsWith("-") && arg.length() > 1) {
        for (char c : arg.substring(1).toCharArray()) {
          if ("Vfnjpvsix".indexOf(c) < 0) {
            return r.fail(
                "devlink: invalid option -- '"
                    + c
                    + "'\nUnknown option.\n"
                    + DevlinkTexts.MAIN_HELP);
          }
          Optional<ToolOutput> done = option(r, c);
          if (done.isPresent()) {
            return done.get();
          }
        }
      } else {
        r.words.add(arg);
      }
    }
    if (!r.hasArg() || r.match("help")) {
      r.err.append(DevlinkTexts.MAIN_HELP);
      return r.result(0);
    }
    if (r.match("dev")) {
      r.pos++;
      return dev(r);
    }
    if (r.match("port")) {
      r.pos++;
      return port(r);
    }
    for (String object :
        List.of("sb", "monitor", "dpipe", "resource", "region", "health", "trap", "lc")) {
      if (r.match(object)) {
        return HostFacts.notEmulated("devlink", object);
      }
    }
    return r.fail("Object \"" + r.arg() + "\" not found\n");
  }

  private static Optional<Character> longOption(String name) {
    if (LONG_OPTIONS.containsKey(name)) {
      return Optional.of(LONG_OPTIONS.get(name));
    }
    List<Character> candidates = new ArrayList<>();
    for (Map.Entry<String, Character> e : LONG_OPTIONS.entrySet()) {
      if (e.getKey().startsWith(name)) {
        candidates.add(e.getValue());
      }
    }
    return candidates.size() == 1 ? Optional.of(candidates.get(0)) : Optional.empty();
  }

  private static Optional<ToolOutput> option(Run r, char c) {
    switch (c) {
      case 'V' -> {
        return Optional.of(ToolOutput.ok("devlink utility, iproute2-" + r.iproute + "\n"));
      }
      case 'j' -> r.json = true;
      case 'p' -> r.pretty = true;
      case 'b', 'N' -> {
        return Optional.of(HostFacts.notEmulated("devlink", "-" + c));
      }
      default -> {
        // -f, -n, -v, -s, -i, -x change nothing in the commands emulated here
      }
    }
    return Optional.empty();
  }

  // ------------------------------------------------------------------ dev

  private static ToolOutput dev(Run r) {
    if (r.match("help")) {
      r.err.append(DevlinkTexts.DEV_HELP);
      return r.result(0);
    }
    if (!r.hasArg() || r.match("show") || r.match("list")) {
      r.next();
      return devShow(r);
    }
    if (r.match("eswitch")) {
      r.pos++;
      if (!r.hasArg() || r.match("help")) {
        r.err.append(DevlinkTexts.DEV_HELP);
        return r.result(0);
      }
      if (r.match("set")) {
        r.pos++;
        return eswitchSet(r);
      }
      if (r.match("show")) {
        r.pos++;
        return eswitchShow(r);
      }
      return r.fail("Command \"" + r.arg() + "\" not found\n");
    }
    for (String sub : List.of("reload", "param")) {
      if (r.match(sub)) {
        return HostFacts.notEmulated("devlink", "dev " + sub);
      }
    }
    if (r.match("info")) {
      r.pos++;
      return devInfo(r);
    }
    for (String sub : List.of("flash", "selftests")) {
      if (r.match(sub)) {
        return HostFacts.notEmulated("devlink", "dev " + sub);
      }
    }
    return r.fail("Command \"" + r.arg() + "\" not found\n");
  }

  /** A devlink instance: a PF, or a VF while mlx5_core drives it. */
  private record Instance(PciAddress pci, NicSpec nic, VfSpec vf) {
    boolean isPf() {
      return vf == null;
    }

    String handle() {
      return pci.devlinkHandle();
    }
  }

  private static List<Instance> instances(HostSpec host) {
    List<Instance> all = new ArrayList<>();
    for (NicSpec nic : host.nics) {
      all.add(new Instance(PciAddress.parse(nic.pci), nic, null));
      for (VfSpec vf : nic.vfs) {
        if ("mlx5_core".equals(vf.driver)) {
          all.add(new Instance(PciAddress.parse(vf.pci), nic, vf));
        }
      }
    }
    all.sort(Comparator.comparing(Instance::pci));
    return all;
  }

  /** {@code dl_argv_handle}: exactly {@code bus/device}; empty after printing the error. */
  private static Optional<String> devHandle(Run r) {
    String h = r.next();
    if (h == null) {
      r.err.append("Devlink identification (\"bus_name/dev_name\") expected\n");
      return Optional.empty();
    }
    if (h.chars().filter(c -> c == '/').count() != 1) {
      r.err.append("Wrong identification string format.\n");
      r.err.append("Devlink identification (\"bus_name/dev_name\") expected\n");
      return Optional.empty();
    }
    return Optional.of(h);
  }

  private static Optional<Instance> instance(HostSpec host, String handle) {
    for (Instance i : instances(host)) {
      if (i.handle().equals(handle)) {
        return Optional.of(i);
      }
    }
    return Optional.empty();
  }

  /** Runs the kernel part of a show command inside the JSON section, as devlink does. */
  private static ToolOutput section(Run r, String name, Consumer<IprouteJson> body, String error) {
    IprouteJson json = new IprouteJson(r.pretty);
    if (r.json) {
      json.startObject().startObject(name);
    }
    body.accept(json);
    if (r.json) {
      json.endObject().endObject();
      r.out.append(json.finish());
    }
    if (error != null) {
      r.err.append(error);
      return r.result(1);
    }
    return r.result(0);
  }

  /**
   * The devlink instances a {@code dev show|info [HANDLE]} names: all without a handle, else the
   * one (or none, with ENODEV); {@code failed} holds a parse error already printed.
   */
  private record Selection(List<Instance> shown, String error, Optional<ToolOutput> failed) {}

  private static Selection select(Run r) {
    if (!r.hasArg()) {
      return new Selection(instances(r.host), null, Optional.empty());
    }
    Optional<String> h = devHandle(r);
    if (h.isEmpty()) {
      return new Selection(List.of(), null, Optional.of(r.result(1)));
    }
    Optional<ToolOutput> extra = unknownOption(r);
    if (extra.isPresent()) {
      return new Selection(List.of(), null, extra);
    }
    Optional<Instance> i = instance(r.host, h.get());
    return new Selection(
        i.map(List::of).orElse(List.of()), i.isEmpty() ? ENODEV : null, Optional.empty());
  }

  private static ToolOutput devShow(Run r) {
    Selection selected = select(r);
    if (selected.failed().isPresent()) {
      return selected.failed().get();
    }
    List<Instance> shown = selected.shown();
    String error = selected.error();
    return section(
        r,
        "dev",
        json -> {
          for (Instance i : shown) {
            if (r.json) {
              json.startObject(i.handle()).endObject();
            } else {
              r.out.append(i.handle()).append('\n');
            }
          }
        },
        error);
  }

  private static Optional<ToolOutput> unknownOption(Run r) {
    if (r.hasArg()) {
      return Optional.of(r.fail("Unknown option \"" + r.arg() + "\"\n"));
    }
    return Optional.empty();
  }

  private static ToolOutput eswitchShow(Run r) {
    Optional<String> h = devHandle(r);
    if (h.isEmpty()) {
      return r.result(1);
    }
    Optional<ToolOutput> extra = unknownOption(r);
    if (extra.isPresent()) {
      return extra.get();
    }
    Optional<Instance> i = instance(r.host, h.get());
    String error = i.isEmpty() ? ENODEV : i.get().isPf() ? null : EOPNOTSUPP;
    return section(
        r,
        "dev",
        json -> {
          if (error != null) {
            return;
          }
          NicSpec nic = i.get().nic();
          if (r.json) {
            json.startObject(i.get().handle())
                .string("mode", nic.eswitch)
                .string("inline-mode", "none")
                .string("encap-mode", "basic")
                .endObject();
          } else {
            r.out
                .append(i.get().handle())
                .append(": mode ")
                .append(nic.eswitch)
                .append(" inline-mode none encap-mode basic\n");
          }
        },
        error);
  }

  /**
   * Changing the mode is allowed whatever drives the VFs: mlx5_devlink_eswitch_mode_set refuses
   * only while TC flows are offloaded ("E-Switch is busy"), devlink traps are active or the netns
   * diverged, none of which the lab models; the VFs stay bound and representors come and go.
   */
  private static ToolOutput eswitchSet(Run r) {
    Optional<String> h = devHandle(r);
    if (h.isEmpty()) {
      return r.result(1);
    }
    String mode = null;
    boolean otherOption = false;
    while (r.hasArg()) {
      if (r.match("mode")) {
        r.pos++;
        String value = r.next();
        if (value == null) {
          return r.fail("String parameter expected\n");
        }
        if (!value.equals("legacy") && !value.equals("switchdev")) {
          return r.fail("Unknown eswitch mode \"" + value + "\"\n");
        }
        mode = value;
      } else if (r.match("inline-mode") || r.match("encap-mode")) {
        otherOption = true;
        r.pos++;
        if (r.next() == null) {
          return r.fail("String parameter expected\n");
        }
      } else {
        return r.fail("Unknown option \"" + r.arg() + "\"\n");
      }
    }
    if (otherOption) {
      return HostFacts.notEmulated("devlink", "dev eswitch set inline-mode/encap-mode");
    }
    if (mode == null) {
      return r.fail("Need to set at least one option\n");
    }
    Optional<Instance> i = instance(r.host, h.get());
    if (i.isEmpty()) {
      return r.fail(ENODEV);
    }
    if (!i.get().isPf()) {
      return r.fail(EOPNOTSUPP);
    }
    Sriov.setEswitchMode(i.get().nic(), mode);
    return r.result(0);
  }

  private static ToolOutput devInfo(Run r) {
    if (r.match("help")) {
      r.err.append(DevlinkTexts.DEV_HELP);
      return r.result(0);
    }
    Selection selected = select(r);
    if (selected.failed().isPresent()) {
      return selected.failed().get();
    }
    List<Instance> shown = selected.shown();
    String error = selected.error();
    String kernel = r.host.kernel;
    return section(
        r,
        "info",
        json -> {
          for (Instance i : shown) {
            info(r, json, i, kernel);
          }
        },
        error);
  }

  /**
   * mlx5_devlink_info_get: fixed fw.psid, running fw.version (and the generic fw on kernels that
   * have it), stored the pending image or else the running one; a VF reports no stored versions.
   */
  private static void info(Run r, IprouteJson json, Instance i, String kernel) {
    NicSpec nic = i.nic();
    String running = FirmwareVersion.parse(nic.firmware).toString();
    String stored =
        nic.firmwareNext == null ? running : FirmwareVersion.parse(nic.firmwareNext).toString();
    boolean generic = HostFacts.hasPortFunctionCaps(kernel);
    if (r.json) {
      json.startObject(i.handle()).string("driver", "mlx5_core").startObject("versions");
      json.startObject("fixed").string("fw.psid", nic.psid).endObject();
      json.startObject("running").string("fw.version", running);
      if (generic) {
        json.string("fw", running);
      }
      json.endObject();
      if (i.isPf()) {
        json.startObject("stored").string("fw.version", stored);
        if (generic) {
          json.string("fw", stored);
        }
        json.endObject();
      }
      json.endObject().endObject();
      return;
    }
    StringBuilder o = r.out;
    o.append(i.handle()).append(":\n  driver mlx5_core\n  versions:\n");
    o.append("      fixed:\n        fw.psid ").append(nic.psid).append('\n');
    o.append("      running:\n        fw.version ").append(running).append('\n');
    if (generic) {
      o.append("        fw ").append(running).append('\n');
    }
    if (i.isPf()) {
      o.append("      stored:\n        fw.version ").append(stored).append('\n');
      if (generic) {
        o.append("        fw ").append(stored).append('\n');
      }
    }
  }

  // ------------------------------------------------------------------ port

  /** One devlink port of a PF. */
  private record Port(NicSpec nic, int index, VfSpec vf) {
    String handle() {
      return PciAddress.parse(nic.pci).devlinkHandle() + "/" + index;
    }

    String netdev() {
      return vf == null ? nic.netdev : LabTopology.representor(nic, vf.index);
    }
  }

  /** The uplink port always (mlx5e registers it in both modes); VF ports only in switchdev. */
  private static List<Port> ports(HostSpec host) {
    List<NicSpec> nics = new ArrayList<>(host.nics);
    nics.sort(Comparator.comparing(n -> PciAddress.parse(n.pci)));
    List<Port> ports = new ArrayList<>();
    for (NicSpec nic : nics) {
      ports.add(new Port(nic, LabTopology.UPLINK_PORT_INDEX, null));
      if ("switchdev".equals(nic.eswitch)) {
        for (VfSpec vf : nic.vfs) {
          ports.add(new Port(nic, LabTopology.vfPortIndex(vf.index), vf));
        }
      }
    }
    return ports;
  }

  private static ToolOutput port(Run r) {
    if (r.match("help")) {
      r.err.append(DevlinkTexts.portHelp(r.iproute));
      return r.result(0);
    }
    if (!r.hasArg() || r.match("show") || r.match("list")) {
      r.next();
      return portShow(r);
    }
    for (String sub : List.of("set", "split", "unsplit", "param")) {
      if (r.match(sub)) {
        return HostFacts.notEmulated("devlink", "port " + sub);
      }
    }
    if (r.match("function")) {
      r.pos++;
      if (!r.hasArg() || r.match("help")) {
        r.err.append(DevlinkTexts.portFunctionHelp(r.iproute));
        return r.result(0);
      }
      if (r.match("set")) {
        r.pos++;
        return functionSet(r);
      }
      if (r.match("rate")) {
        return HostFacts.notEmulated("devlink", "port function rate");
      }
      return r.fail("Command \"" + r.arg() + "\" not found\n");
    }
    for (String sub : List.of("health", "add", "del")) {
      if (r.match(sub)) {
        return HostFacts.notEmulated("devlink", "port " + sub);
      }
    }
    return r.fail("Command \"" + r.arg() + "\" not found\n");
  }

  /** {@code dl_argv_handle_port}: {@code bus/dev/index} or a port netdev; the port or an error. */
  private static Optional<Optional<Port>> portHandle(Run r) {
    String h = r.next();
    if (h == null) {
      r.err.append(
          "Port identification (\"bus_name/dev_name/port_index\" or \"netdev ifname\")"
              + " expected.\n");
      return Optional.empty();
    }
    long slashes = h.chars().filter(c -> c == '/').count();
    List<Port> ports = ports(r.host);
    if (slashes == 0) {
      for (Port p : ports) {
        if (p.netdev().equals(h)) {
          return Optional.of(Optional.of(p));
        }
      }
      r.err.append("Netdevice \"").append(h).append("\" not found\n");
      return Optional.empty();
    }
    if (slashes != 2) {
      r.err.append("Wrong port identification string format.\n");
      r.err.append("Expected \"bus_name/dev_name/port_index\" or \"netdev_ifname\".\n");
      return Optional.empty();
    }
    String index = h.substring(h.lastIndexOf('/') + 1);
    if (!index.matches("\\d{1,10}") || Long.parseLong(index) > 0xffffffffL) {
      r.err
          .append("Port index \"")
          .append(index)
          .append("\" is not a number or not within range\n");
      return Optional.empty();
    }
    for (Port p : ports) {
      if (p.handle().equals(h.substring(0, h.lastIndexOf('/') + 1) + Long.parseLong(index))) {
        return Optional.of(Optional.of(p));
      }
    }
    return Optional.of(Optional.empty());
  }

  private static ToolOutput portShow(Run r) {
    List<Port> shown;
    String error = null;
    if (!r.hasArg()) {
      shown = ports(r.host);
    } else {
      Optional<Optional<Port>> p = portHandle(r);
      if (p.isEmpty()) {
        return r.result(1);
      }
      Optional<ToolOutput> extra = unknownOption(r);
      if (extra.isPresent()) {
        return extra.get();
      }
      shown = p.get().map(List::of).orElse(List.of());
      error = p.get().isEmpty() ? ENODEV : null;
    }
    return section(
        r,
        "port",
        json -> {
          for (Port p : shown) {
            printPort(r, json, p);
          }
        },
        error);
  }

  private static void printPort(Run r, IprouteJson json, Port p) {
    boolean caps =
        HostFacts.hasPortFunctionCaps(r.host.kernel) && HostFacts.atLeast(r.iproute, "6.2");
    boolean migratable = caps && p.nic().vfMigrationMode == 2;
    int pfnum = PciAddress.parse(p.nic().pci).function();
    if (r.json) {
      json.startObject(p.handle()).string("type", "eth").string("netdev", p.netdev());
      if (p.vf() == null) {
        json.string("flavour", "physical").uint("port", pfnum).bool("splittable", false);
      } else {
        json.string("flavour", "pcivf")
            .uint("controller", 0)
            .uint("pfnum", pfnum)
            .uint("vfnum", p.vf().index)
            .bool("external", false)
            .bool("splittable", false);
        json.startObject("function").string("hw_addr", p.vf().hwAddr);
        if (caps) {
          json.string("roce", "enable");
        }
        if (migratable) {
          json.string("migratable", p.vf().migratable ? "enable" : "disable");
        }
        json.endObject();
      }
      json.endObject();
      return;
    }
    StringBuilder o = r.out;
    o.append(p.handle()).append(": type eth netdev ").append(p.netdev());
    if (p.vf() == null) {
      o.append(" flavour physical port ").append(pfnum).append(" splittable false\n");
      return;
    }
    o.append(" flavour pcivf controller 0 pfnum ")
        .append(pfnum)
        .append(" vfnum ")
        .append(p.vf().index)
        .append(" external false splittable false\n");
    o.append("  function:\n    hw_addr ").append(p.vf().hwAddr);
    if (caps) {
      o.append(" roce enable");
    }
    if (migratable) {
      o.append(" migratable ").append(p.vf().migratable ? "enable" : "disable");
    }
    o.append('\n');
  }

  /**
   * {@code port function set HANDLE [hw_addr ADDR] [roce B] [migratable B]}. Kernel order: devlink
   * core validation (net/devlink/port.c: migratable only for VF ports), then mlx5 ({@code
   * mlx5_devlink_port_fn_migratable_set}: no migration capability while VF_MIGRATION_MODE is not
   * enabled; same value is a no-op).
   *
   * <p>While the VF is bound to mlx5_core the kernel has no check of its own: the firmware refuses
   * SET_HCA_CAP on the active function and mlx5 reports {@code Failed setting HCA migratable cap}
   * with the errno of the firmware status (bad parameter, EINVAL). No real paste of this case was
   * found (tool-formats.md §10 item 4); this is the lab's documented choice.
   */
  private static ToolOutput functionSet(Run r) {
    if (!r.hasArg()) {
      r.err.append(DevlinkTexts.portFunctionHelp(r.iproute));
      return r.result(0);
    }
    Optional<Optional<Port>> handle = portHandle(r);
    if (handle.isEmpty()) {
      return r.result(1);
    }
    boolean caps = HostFacts.atLeast(r.iproute, "6.2");
    String hwAddr = null;
    Boolean roce = null;
    Boolean migratable = null;
    while (r.hasArg()) {
      if (r.match("hw_addr")) {
        r.pos++;
        hwAddr = r.next();
        if (hwAddr == null) {
          return r.fail("String parameter expected\n");
        }
      } else if (caps && r.match("roce")) {
        r.pos++;
        Optional<Boolean> b = bool(r);
        if (b.isEmpty()) {
          return r.result(1);
        }
        roce = b.get();
      } else if (caps && r.match("migratable")) {
        r.pos++;
        Optional<Boolean> b = bool(r);
        if (b.isEmpty()) {
          return r.result(1);
        }
        migratable = b.get();
      } else if (r.match("state")) {
        return HostFacts.notEmulated("devlink", "port function set state");
      } else {
        return r.fail("Unknown option \"" + r.arg() + "\"\n");
      }
    }
    if (handle.get().isEmpty()) {
      return r.fail(ENODEV);
    }
    Port port = handle.get().get();
    if (migratable != null || roce != null) {
      if (!HostFacts.hasPortFunctionCaps(r.host.kernel)) {
        return r.fail(
            "Error: Port doesn't support "
                + (migratable != null ? "migratable" : "roce")
                + " function attribute.\n"
                + EOPNOTSUPP);
      }
      if (migratable != null && port.vf() == null) {
        return r.fail(
            "Error: migratable function attribute supported for VFs only.\n" + EOPNOTSUPP);
      }
    }
    if (hwAddr != null) {
      try {
        MacAddress.parse(hwAddr);
      } catch (RuntimeException e) {
        return HostFacts.notEmulated("devlink", "port function set hw_addr " + hwAddr);
      }
      if (port.vf() == null) {
        return r.fail("Error: Port doesn't support function attributes.\n" + EOPNOTSUPP);
      }
      Sriov.setHwAddr(port.vf(), hwAddr);
    }
    if (roce != null && !roce) {
      return HostFacts.notEmulated("devlink", "port function set roce disable");
    }
    if (migratable != null) {
      switch (Sriov.setMigratable(port.nic(), port.vf(), migratable)) {
        case MODE_DISABLED -> {
          return r.fail("Error: mlx5_core: Device doesn't support migration.\n" + EOPNOTSUPP);
        }
        case ACTIVE_FUNCTION -> {
          return r.fail(
              "Error: mlx5_core: Failed setting HCA migratable cap.\n"
                  + "kernel answers: Invalid argument\n");
        }
        case DONE -> {}
      }
    }
    return r.result(0);
  }

  /** {@code dl_argv_bool}: true|1|enable or false|0|disable. */
  private static Optional<Boolean> bool(Run r) {
    String v = r.next();
    if (v == null) {
      r.err.append("Boolean argument expected\n");
      return Optional.empty();
    }
    switch (v) {
      case "true", "1", "enable" -> {
        return Optional.of(true);
      }
      case "false", "0", "disable" -> {
        return Optional.of(false);
      }
      default -> {
        r.err.append('"').append(v).append("\" is not a valid boolean value\n");
        return Optional.empty();
      }
    }
  }
}
