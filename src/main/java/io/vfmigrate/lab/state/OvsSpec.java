package io.vfmigrate.lab.state;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The Open vSwitch database of one host (runtime). */
public class OvsSpec {
  public String dbUuid = UUID.randomUUID().toString();
  public Map<String, String> otherConfig = new LinkedHashMap<>();

  /** Bridge name to its ports (the bridge's own internal port excluded). */
  public Map<String, List<String>> bridges = new LinkedHashMap<>();

  /**
   * True when the running ovs-vswitchd has hardware offload on: turned on when it starts with, or
   * later reads, hw-offload=true; off only once it stops (see lab.machine.Services).
   */
  public boolean offloadApplied;
}
