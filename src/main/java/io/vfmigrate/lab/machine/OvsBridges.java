package io.vfmigrate.lab.machine;

import io.vfmigrate.lab.state.OvsSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The bridges and ports of a host's Open vSwitch database. One ovs-vsctl invocation is one
 * transaction: {@link #snapshot} before it, {@link #restore} when one of its commands fails.
 */
public final class OvsBridges {
  /** The database's bridges and other_config as they were. */
  public record Snapshot(Map<String, List<String>> bridges, Map<String, String> otherConfig) {}

  private OvsBridges() {}

  public static Snapshot snapshot(OvsSpec ovs) {
    Map<String, List<String>> bridges = new LinkedHashMap<>();
    ovs.bridges.forEach((name, ports) -> bridges.put(name, new ArrayList<>(ports)));
    return new Snapshot(bridges, new LinkedHashMap<>(ovs.otherConfig));
  }

  public static void restore(OvsSpec ovs, Snapshot snapshot) {
    ovs.bridges = snapshot.bridges();
    ovs.otherConfig = snapshot.otherConfig();
  }

  public static void addBridge(OvsSpec ovs, String name) {
    ovs.bridges.put(name, new ArrayList<>());
  }

  /** False when there was no such bridge. */
  public static boolean deleteBridge(OvsSpec ovs, String name) {
    return ovs.bridges.remove(name) != null;
  }

  public static void addPort(OvsSpec ovs, String bridge, String port) {
    ovs.bridges.get(bridge).add(port);
  }

  public static void deletePort(OvsSpec ovs, String bridge, String port) {
    ovs.bridges.get(bridge).remove(port);
  }
}
