package io.vfmigrate.host;

import io.vfmigrate.model.InvalidInputException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The hosts a command works on, in inventory order. */
public final class Fleet {
  private final Map<String, ManagedHost> hosts = new LinkedHashMap<>();

  public Fleet(List<ManagedHost> hosts) {
    for (ManagedHost h : hosts) {
      this.hosts.put(h.name(), h);
    }
  }

  public List<ManagedHost> all() {
    return new ArrayList<>(hosts.values());
  }

  public List<String> names() {
    return new ArrayList<>(hosts.keySet());
  }

  /**
   * The host called {@code name}; an unknown name is invalid input naming the known ones. Naming a
   * host starts its connection ({@link Host#connectAhead}): a command that names its hosts first
   * (migrate: the source, then the destination) has them connect at the same time.
   */
  public ManagedHost get(String name) {
    ManagedHost host = hosts.get(name);
    if (host == null) {
      throw new InvalidInputException(
          "Unknown host '" + name + "'.", "use one of: " + String.join(", ", hosts.keySet()) + ".");
    }
    host.host().connectAhead();
    return host;
  }

  /** The named hosts, or all of them when {@code names} is empty; each starts connecting. */
  public List<ManagedHost> select(List<String> names) {
    if (names == null || names.isEmpty()) {
      List<ManagedHost> all = all();
      all.forEach(h -> h.host().connectAhead());
      return all;
    }
    List<ManagedHost> out = new ArrayList<>();
    for (String n : names) {
      ManagedHost h = get(n);
      // A host named twice is selected once (by name: a fleet's names are unique).
      if (out.stream().noneMatch(o -> o.name().equals(h.name()))) {
        out.add(h);
      }
    }
    return out;
  }
}
