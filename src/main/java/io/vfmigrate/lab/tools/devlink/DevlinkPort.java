package io.vfmigrate.lab.tools.devlink;

import io.vfmigrate.lab.machine.HostFacts;
import io.vfmigrate.lab.machine.Sriov;
import io.vfmigrate.lab.tools.IprouteJson;
import io.vfmigrate.lab.tools.ToolOutput;
import io.vfmigrate.model.MacAddress;
import io.vfmigrate.model.PciAddress;
import java.util.List;
import java.util.Optional;

/** {@code devlink port show|help|function set}: parsing and text/JSON rendering. */
final class DevlinkPort {
  private DevlinkPort() {}

  static ToolOutput port(DevlinkRun r) {
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
  static Optional<Optional<DevlinkObjects.Port>> portHandle(DevlinkRun r) {
    String h = r.next();
    if (h == null) {
      r.err.append(
          "DevlinkObjects.Port identification (\"bus_name/dev_name/port_index\" or \"netdev ifname\")"
              + " expected.\n");
      return Optional.empty();
    }
    long slashes = h.chars().filter(c -> c == '/').count();
    List<DevlinkObjects.Port> ports = DevlinkObjects.ports(r.host);
    if (slashes == 0) {
      for (DevlinkObjects.Port p : ports) {
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
          .append("DevlinkObjects.Port index \"")
          .append(index)
          .append("\" is not a number or not within range\n");
      return Optional.empty();
    }
    for (DevlinkObjects.Port p : ports) {
      if (p.handle().equals(h.substring(0, h.lastIndexOf('/') + 1) + Long.parseLong(index))) {
        return Optional.of(Optional.of(p));
      }
    }
    return Optional.of(Optional.empty());
  }

  static ToolOutput portShow(DevlinkRun r) {
    List<DevlinkObjects.Port> shown;
    String error = null;
    if (!r.hasArg()) {
      shown = DevlinkObjects.ports(r.host);
    } else {
      Optional<Optional<DevlinkObjects.Port>> p = portHandle(r);
      if (p.isEmpty()) {
        return r.result(1);
      }
      Optional<ToolOutput> extra = DevlinkRun.unknownOption(r);
      if (extra.isPresent()) {
        return extra.get();
      }
      shown = p.get().map(List::of).orElse(List.of());
      error = p.get().isEmpty() ? DevlinkRun.ENODEV : null;
    }
    return DevlinkRun.section(
        r,
        "port",
        json -> {
          for (DevlinkObjects.Port p : shown) {
            printPort(r, json, p);
          }
        },
        error);
  }

  static void printPort(DevlinkRun r, IprouteJson json, DevlinkObjects.Port p) {
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
  static ToolOutput functionSet(DevlinkRun r) {
    if (!r.hasArg()) {
      r.err.append(DevlinkTexts.portFunctionHelp(r.iproute));
      return r.result(0);
    }
    Optional<Optional<DevlinkObjects.Port>> handle = portHandle(r);
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
        Optional<Boolean> b = DevlinkRun.bool(r);
        if (b.isEmpty()) {
          return r.result(1);
        }
        roce = b.get();
      } else if (caps && r.match("migratable")) {
        r.pos++;
        Optional<Boolean> b = DevlinkRun.bool(r);
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
      return r.fail(DevlinkRun.ENODEV);
    }
    DevlinkObjects.Port port = handle.get().get();
    if (migratable != null || roce != null) {
      if (!HostFacts.hasPortFunctionCaps(r.host.kernel)) {
        return r.fail(
            "Error: DevlinkObjects.Port doesn't support "
                + (migratable != null ? "migratable" : "roce")
                + " function attribute.\n"
                + DevlinkRun.EOPNOTSUPP);
      }
      if (migratable != null && port.vf() == null) {
        return r.fail(
            "Error: migratable function attribute supported for VFs only.\n"
                + DevlinkRun.EOPNOTSUPP);
      }
    }
    if (hwAddr != null) {
      try {
        MacAddress.parse(hwAddr);
      } catch (RuntimeException e) {
        return HostFacts.notEmulated("devlink", "port function set hw_addr " + hwAddr);
      }
      if (port.vf() == null) {
        return r.fail(
            "Error: DevlinkObjects.Port doesn't support function attributes.\n"
                + DevlinkRun.EOPNOTSUPP);
      }
      Sriov.setHwAddr(port.vf(), hwAddr);
    }
    if (roce != null && !roce) {
      return HostFacts.notEmulated("devlink", "port function set roce disable");
    }
    if (migratable != null) {
      switch (Sriov.setMigratable(port.nic(), port.vf(), migratable)) {
        case MODE_DISABLED -> {
          return r.fail(
              "Error: mlx5_core: Device doesn't support migration.\n" + DevlinkRun.EOPNOTSUPP);
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
}
