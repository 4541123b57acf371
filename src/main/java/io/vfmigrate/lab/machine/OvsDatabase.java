package io.vfmigrate.lab.machine;

import io.vfmigrate.lab.state.HostSpec;
import io.vfmigrate.lab.tools.ovs.OvsQuoting;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The rows of a lab host's OVSDB that ovs-vsctl's generic commands reach: the Open_vSwitch record
 * {@code .}, and Bridge, Port and Interface rows by name. Interface rows are derived from the
 * bridges' ports: the bridge's own internal interface has ofport 65534 (OFPP_LOCAL); a port whose
 * netdev is missing has ofport -1 and the error vswitchd writes ({@code lib/netdev-linux.c} open
 * failure), recomputed on every read.
 */
public final class OvsDatabase {
  private final HostSpec host;

  public OvsDatabase(HostSpec host) {
    this.host = host;
  }

  /** Thrown with ovs-vsctl's message (without the {@code ovs-vsctl: } prefix). */
  public static final class Error extends Exception {
    private static final long serialVersionUID = 1L;

    public Error(String message) {
      super(message);
    }
  }

  private static String table(String name) throws Error {
    for (String table : List.of("Open_vSwitch", "Bridge", "Port", "Interface")) {
      if (table.equalsIgnoreCase(name)) {
        return table;
      }
    }
    throw new Error("unknown table \"" + name + "\"");
  }

  private void requireRow(String table, String record) throws Error {
    boolean exists =
        switch (table) {
          case "Open_vSwitch" -> record.equals(".") || record.equals(host.ovs.dbUuid);
          case "Bridge" -> host.ovs.bridges.containsKey(record);
          default ->
              host.ovs.bridges.containsKey(record)
                  || host.ovs.bridges.values().stream().anyMatch(p -> p.contains(record));
        };
    if (!exists) {
      throw new Error("no row \"" + record + "\" in table " + table);
    }
  }

  public void get(
      String tableName, String record, List<String> columns, boolean ifExists, StringBuilder out)
      throws Error {
    String table = table(tableName);
    requireRow(table, record);
    for (String spec : columns) {
      int colon = spec.indexOf(':');
      String column = colon >= 0 ? spec.substring(0, colon) : spec;
      Optional<String> key = colon >= 0 ? Optional.of(spec.substring(colon + 1)) : Optional.empty();
      Object value = column(table, record, column);
      if (key.isPresent()) {
        if (!(value instanceof Map<?, ?> map)) {
          throw new Error("cannot specify key to get for non-map column " + column);
        }
        String k = OvsQuoting.parseAtom(key.get());
        Object v = map.get(k);
        if (v == null) {
          if (!ifExists) {
            throw new Error(
                "no key \"" + k + "\" in " + table + " record \"" + record + "\" column " + column);
          }
        } else {
          out.append(OvsQuoting.string(v.toString()));
        }
      } else {
        out.append(format(value));
      }
      out.append('\n');
    }
  }

  @SuppressWarnings("unchecked")
  private static String format(Object value) {
    if (value instanceof Map<?, ?> map) {
      return OvsQuoting.map((Map<String, String>) map);
    }
    if (value instanceof Long || value instanceof Integer) {
      return value.toString();
    }
    if (value instanceof Optional<?> optional) {
      return optional.map(v -> OvsQuoting.string(v.toString())).orElse("[]");
    }
    return OvsQuoting.string(value.toString());
  }

  private Object column(String table, String record, String column) throws Error {
    switch (table + "." + column) {
      case "Open_vSwitch.other_config":
        return host.ovs.otherConfig;
      case "Open_vSwitch.external_ids",
      "Bridge.other_config",
      "Bridge.external_ids",
      "Interface.external_ids",
      "Interface.options":
        return Map.of();
      case "Open_vSwitch.ovs_version":
        return Optional.of(ovsVersion());
      case "Bridge.name", "Port.name", "Interface.name":
        return record;
      case "Interface.type":
        return host.ovs.bridges.containsKey(record) ? "internal" : "";
      case "Interface.ofport":
        return (long) ofport(record);
      case "Interface.error":
        return error(record);
      default:
        throw new Error(table + " does not contain a column whose name matches \"" + column + "\"");
    }
  }

  /** OpenFlow port number: 65534 for the bridge's own port, -1 while the netdev is missing. */
  public int ofport(String iface) {
    if (host.ovs.bridges.containsKey(iface)) {
      return 65534;
    }
    if (!LabTopology.netdevExists(host, iface)) {
      return -1;
    }
    for (List<String> ports : host.ovs.bridges.values()) {
      int index = ports.indexOf(iface);
      if (index >= 0) {
        return index + 1;
      }
    }
    return -1;
  }

  public Optional<String> error(String iface) {
    if (host.ovs.bridges.containsKey(iface) || LabTopology.netdevExists(host, iface)) {
      return Optional.empty();
    }
    return Optional.of("could not open network device " + iface + " (No such device)");
  }

  public String ovsVersion() {
    return Packages.version(host, "openvswitch").orElse("3.3.0");
  }

  public void set(String tableName, String record, List<String> settings) throws Error {
    String table = table(tableName);
    requireRow(table, record);
    for (String setting : settings) {
      int eq = setting.indexOf('=');
      int colon = setting.indexOf(':');
      if (eq < 0) {
        throw new Error(setting + ": argument does not end in \"=\" followed by a value.");
      }
      String column =
          colon >= 0 && colon < eq ? setting.substring(0, colon) : setting.substring(0, eq);
      if (!table.equals("Open_vSwitch")
          || !column.equals("other_config")
          || colon < 0
          || colon > eq) {
        column(table, record, column);
        throw new Error("the lab does not emulate setting " + table + " column " + column);
      }
      String key = OvsQuoting.parseAtom(setting.substring(colon + 1, eq));
      host.ovs.otherConfig.put(key, OvsQuoting.parseAtom(setting.substring(eq + 1)));
    }
  }

  public void remove(String tableName, String record, String column, List<String> values)
      throws Error {
    String table = table(tableName);
    requireRow(table, record);
    if (!table.equals("Open_vSwitch") || !column.equals("other_config")) {
      column(table, record, column);
      throw new Error("the lab does not emulate removing from " + table + " column " + column);
    }
    for (String value : values) {
      int eq = value.indexOf('=');
      if (eq < 0) {
        host.ovs.otherConfig.remove(OvsQuoting.parseAtom(value));
      } else {
        host.ovs.otherConfig.remove(
            OvsQuoting.parseAtom(value.substring(0, eq)),
            OvsQuoting.parseAtom(value.substring(eq + 1)));
      }
    }
  }

  /**
   * db-ctl-base.c cmd_show_row with ovs-vsctl's table list: four spaces per level, non-default
   * Interface columns (type, error) under each interface. OVSDB orders a bridge's ports by row
   * UUID; the lab sorts them by name instead, since its rows have no UUIDs.
   */
  public String show() {
    StringBuilder out = new StringBuilder(host.ovs.dbUuid).append('\n');
    for (String bridge : new TreeSet<>(host.ovs.bridges.keySet())) {
      out.append("    Bridge ").append(OvsQuoting.string(bridge)).append('\n');
      TreeSet<String> ports = new TreeSet<>(host.ovs.bridges.get(bridge));
      ports.add(bridge);
      for (String port : ports) {
        out.append("        Port ").append(OvsQuoting.string(port)).append('\n');
        out.append("            Interface ").append(OvsQuoting.string(port)).append('\n');
        if (port.equals(bridge)) {
          out.append("                type: internal\n");
        }
        Optional<String> error = error(port);
        if (error.isPresent()) {
          out.append("                error: ").append(OvsQuoting.string(error.get())).append('\n');
        }
      }
    }
    out.append("    ovs_version: ").append(OvsQuoting.string(ovsVersion())).append('\n');
    return out.toString();
  }
}
