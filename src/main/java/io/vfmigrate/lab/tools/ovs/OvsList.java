package io.vfmigrate.lab.tools.ovs;

import io.vfmigrate.lab.machine.OvsDatabase;
import io.vfmigrate.lab.state.HostSpec;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.UUID;

/**
 * {@code ovs-vsctl [--columns=C,...] list TABLE [RECORD...]} (lib/db-ctl-base.c cmd_list): each row
 * as {@code "%-20s: %s"} lines, {@code _uuid} first and then every column of the table in name
 * order (or the {@code --columns} asked for, in that order), rows separated by an empty line. The
 * column sets and the values of columns the lab does not model are Open vSwitch 3.1's, as captured
 * (fixtures/real/ovs-list-*.txt); the lab's rows have no UUIDs of their own, so each gets a stable
 * one derived from the database's and its name, and rows come in name order (OVSDB's is by hash).
 * Interface counters are zero and its {@code status} empty: the lab has no traffic or driver data.
 *
 * <p>Over 300 lines: most of it is the four tables' column sets as Open vSwitch 3.1 prints them,
 * one list per table, which read best side by side with the captures.
 */
final class OvsList {
  private static final List<String> TABLES = List.of("Open_vSwitch", "Bridge", "Port", "Interface");

  private final HostSpec host;
  private final OvsDatabase db;

  OvsList(HostSpec host, OvsDatabase db) {
    this.host = host;
    this.db = db;
  }

  String list(String tableName, List<String> records, Optional<String> columns)
      throws OvsDatabase.Error {
    String table = table(tableName);
    Map<String, Map<String, String>> rows = rows(table);
    List<Map<String, String>> shown = new ArrayList<>();
    if (records.isEmpty()) {
      shown.addAll(rows.values());
    } else {
      for (String record : records) {
        Map<String, String> row =
            table.equals("Open_vSwitch") && record.equals(".")
                ? rows.values().iterator().next()
                : rows.get(record);
        if (row == null) {
          row = byUuid(rows, record);
        }
        if (row == null) {
          throw new OvsDatabase.Error("no row \"" + record + "\" in table " + table);
        }
        shown.add(row);
      }
    }
    List<String> names = new ArrayList<>();
    if (columns.isPresent()) {
      for (String c : columns.get().split(",")) {
        String column = c.strip();
        if (!schema(table).containsKey(column)) {
          throw new OvsDatabase.Error(
              table + " does not contain a column whose name matches \"" + column + "\"");
        }
        names.add(column);
      }
    } else {
      names.addAll(schema(table).keySet());
    }
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < shown.size(); i++) {
      if (i > 0) {
        out.append('\n');
      }
      for (String name : names) {
        out.append(String.format(Locale.ROOT, "%-20s: %s%n", name, shown.get(i).get(name)));
      }
    }
    return out.toString();
  }

  private static Map<String, String> byUuid(Map<String, Map<String, String>> rows, String uuid) {
    return rows.values().stream()
        .filter(r -> r.get("_uuid").equalsIgnoreCase(uuid))
        .findFirst()
        .orElse(null);
  }

  private static String table(String name) throws OvsDatabase.Error {
    for (String table : TABLES) {
      if (table.equalsIgnoreCase(name)) {
        return table;
      }
    }
    throw new OvsDatabase.Error("unknown table \"" + name + "\"");
  }

  /** Each column of the table with its value when the lab models nothing about it. */
  private static Map<String, String> schema(String table) {
    Map<String, String> c = new LinkedHashMap<>();
    c.put("_uuid", "");
    switch (table) {
      case "Open_vSwitch" -> {
        for (String set : List.of("bridges", "db_version", "manager_options", "ovs_version")) {
          c.put(set, "[]");
        }
        c.put("cur_cfg", "0");
        c.put("datapath_types", "[netdev, system]");
        c.put("datapaths", "{}");
        c.put("dpdk_initialized", "false");
        c.put("dpdk_version", "none");
        c.put("external_ids", "{}");
        c.put(
            "iface_types",
            "[afxdp, afxdp-nonpmd, bareudp, erspan, geneve, gre, gtpu, internal, ip6erspan,"
                + " ip6gre, lisp, patch, stt, system, tap, vxlan]");
        c.put("next_cfg", "0");
        c.put("other_config", "{}");
        for (String set : List.of("ssl", "system_type", "system_version")) {
          c.put(set, "[]");
        }
        c.put("statistics", "{}");
      }
      case "Bridge" -> {
        for (String set :
            List.of(
                "auto_attach",
                "controller",
                "fail_mode",
                "flood_vlans",
                "ipfix",
                "mirrors",
                "netflow",
                "ports",
                "protocols",
                "sflow")) {
          c.put(set, "[]");
        }
        c.put("datapath_id", "[]");
        c.put("datapath_type", "\"\"");
        c.put("datapath_version", "\"<built-in>\"");
        for (String map :
            List.of("external_ids", "flow_tables", "other_config", "rstp_status", "status")) {
          c.put(map, "{}");
        }
        c.put("mcast_snooping_enable", "false");
        c.put("name", "");
        c.put("rstp_enable", "false");
        c.put("stp_enable", "false");
      }
      case "Port" -> {
        for (String set :
            List.of(
                "bond_active_slave",
                "bond_mode",
                "cvlans",
                "interfaces",
                "lacp",
                "mac",
                "qos",
                "tag",
                "trunks",
                "vlan_mode")) {
          c.put(set, "[]");
        }
        c.put("bond_downdelay", "0");
        c.put("bond_fake_iface", "false");
        c.put("bond_updelay", "0");
        for (String map :
            List.of(
                "external_ids",
                "other_config",
                "rstp_statistics",
                "rstp_status",
                "statistics",
                "status")) {
          c.put(map, "{}");
        }
        c.put("fake_bridge", "false");
        c.put("name", "");
        c.put("protected", "false");
      }
      default -> {
        for (String set :
            List.of(
                "admin_state",
                "cfm_fault",
                "cfm_fault_status",
                "cfm_flap_count",
                "cfm_health",
                "cfm_mpid",
                "cfm_remote_mpids",
                "cfm_remote_opstate",
                "duplex",
                "error",
                "ifindex",
                "lacp_current",
                "link_resets",
                "link_speed",
                "link_state",
                "mac",
                "mac_in_use",
                "mtu",
                "mtu_request",
                "ofport_request")) {
          c.put(set, "[]");
        }
        for (String map :
            List.of(
                "bfd",
                "bfd_status",
                "external_ids",
                "lldp",
                "options",
                "other_config",
                "statistics",
                "status")) {
          c.put(map, "{}");
        }
        for (String zero :
            List.of(
                "ingress_policing_burst",
                "ingress_policing_kpkts_burst",
                "ingress_policing_kpkts_rate",
                "ingress_policing_rate")) {
          c.put(zero, "0");
        }
        c.put("name", "");
        c.put("ofport", "[]");
        c.put("type", "\"\"");
      }
    }
    Map<String, String> sorted = new LinkedHashMap<>();
    sorted.put("_uuid", "");
    new TreeSet<>(c.keySet())
        .stream().filter(k -> !k.equals("_uuid")).forEach(k -> sorted.put(k, c.get(k)));
    return sorted;
  }

  /** The lab's ifindex of a netdev OVS has open: stable for the host's database. */
  static int ifindex(HostSpec host, String netdev) {
    return 100
        + (UUID.nameUUIDFromBytes(
                    (host.ovs.dbUuid + "/Interface/" + netdev).getBytes(StandardCharsets.UTF_8))
                .toString()
                .hashCode()
            & 0x3ff);
  }

  private String uuid(String table, String name) {
    if (table.equals("Open_vSwitch")) {
      return host.ovs.dbUuid;
    }
    return UUID.nameUUIDFromBytes(
            (host.ovs.dbUuid + "/" + table + "/" + name).getBytes(StandardCharsets.UTF_8))
        .toString();
  }

  private static String uuids(List<String> uuids) {
    return "[" + String.join(", ", new TreeSet<>(uuids)) + "]";
  }

  /** The table's rows by name, each as column to printed value. */
  private Map<String, Map<String, String>> rows(String table) {
    Map<String, Map<String, String>> rows = new LinkedHashMap<>();
    TreeSet<String> bridges = new TreeSet<>(host.ovs.bridges.keySet());
    switch (table) {
      case "Open_vSwitch" -> {
        Map<String, String> otherConfig = host.ovs.otherConfig;
        Map<String, String> row = row(table, ".");
        row.put("bridges", uuids(bridges.stream().map(b -> uuid("Bridge", b)).toList()));
        row.put("other_config", OvsQuoting.map(otherConfig));
        row.put("ovs_version", OvsQuoting.string(db.ovsVersion()));
        rows.put(".", row);
      }
      case "Bridge" -> {
        for (String bridge : bridges) {
          Map<String, String> row = row(table, bridge);
          List<String> ports = new ArrayList<>(host.ovs.bridges.get(bridge));
          ports.add(bridge);
          row.put("ports", uuids(ports.stream().map(p -> uuid("Port", p)).toList()));
          row.put(
              "datapath_id",
              OvsQuoting.string(
                  String.format(
                      Locale.ROOT, "%016x", uuid(table, bridge).hashCode() & 0xffffffffL)));
          rows.put(bridge, row);
        }
      }
      default -> {
        for (String port : ports(bridges)) {
          Map<String, String> row = row(table, port);
          if (table.equals("Port")) {
            row.put("interfaces", uuids(List.of(uuid("Interface", port))));
          } else {
            interfaceState(port, row);
          }
          rows.put(port, row);
        }
      }
    }
    return rows;
  }

  private TreeSet<String> ports(TreeSet<String> bridges) {
    TreeSet<String> ports = new TreeSet<>(bridges);
    host.ovs.bridges.values().forEach(ports::addAll);
    return ports;
  }

  private Map<String, String> row(String table, String name) {
    Map<String, String> row = new LinkedHashMap<>(schema(table));
    row.put("_uuid", uuid(table, name));
    if (row.containsKey("name")) {
      row.put("name", OvsQuoting.string(name));
    }
    return row;
  }

  /** What vswitchd writes into an Interface row: state of an open netdev, or its open error. */
  private void interfaceState(String port, Map<String, String> row) {
    row.put("ofport", Integer.toString(db.ofport(port)));
    Optional<String> error = db.error(port);
    if (error.isPresent()) {
      row.put("error", OvsQuoting.string(error.get()));
      return;
    }
    if (host.ovs.bridges.containsKey(port)) {
      row.put("type", "internal");
    }
    row.put("admin_state", "up");
    row.put("link_state", "up");
    row.put("duplex", "full");
    row.put("link_resets", "0");
    row.put("link_speed", "10000000000");
    row.put("mtu", "1500");
    row.put("ifindex", Integer.toString(ifindex(host, port)));
    row.put(
        "statistics",
        "{collisions=0, rx_bytes=0, rx_crc_err=0, rx_dropped=0, rx_errors=0, rx_frame_err=0,"
            + " rx_missed_errors=0, rx_multicast_packets=0, rx_over_err=0, rx_packets=0,"
            + " tx_bytes=0, tx_dropped=0, tx_errors=0, tx_packets=0}");
  }
}
