package io.vfmigrate.lab;

import io.vfmigrate.lab.state.HostSpec;
import io.vfmigrate.lab.state.LabSpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A lab in memory: its state, its virtual clock, and one {@link LabHost} per host. */
public final class Lab {
  private final LabSpec spec;
  private final VirtualClock clock;
  private final Map<String, LabHost> hosts = new LinkedHashMap<>();

  public Lab(LabSpec spec) {
    this.spec = spec;
    this.clock = new VirtualClock(spec);
  }

  public LabSpec spec() {
    return spec;
  }

  public VirtualClock clock() {
    return clock;
  }

  public List<String> hostNames() {
    return List.copyOf(spec.hosts.keySet());
  }

  /** The host named {@code name}; a name the lab does not have is a usage error. */
  public LabHost host(String name) {
    HostSpec host = spec.hosts.get(name);
    if (host == null) {
      throw new LabException(
          "The lab has no host named '" + name + "'.",
          "use one of: " + String.join(", ", spec.hosts.keySet()) + ".");
    }
    return hosts.computeIfAbsent(name, n -> new LabHost(this, n));
  }

  public HostSpec hostSpec(String name) {
    host(name);
    return spec.hosts.get(name);
  }
}
