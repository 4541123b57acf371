package io.vfmigrate.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What the lab's hosts show ({@code vfmigrate lab show --json}: the emulated hosts' own state, not
 * what vfmigrate reported), and the invariants every fault point must leave true.
 */
final class LabFacts {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final JsonNode lab;

  LabFacts(JsonNode lab) {
    this.lab = lab;
  }

  static LabFacts parse(String json) {
    try {
      return new LabFacts(JSON.readTree(json));
    } catch (java.io.IOException e) {
      throw new AssertionError("lab show --json printed no JSON: " + json, e);
    }
  }

  List<String> hosts() {
    List<String> names = new ArrayList<>();
    lab.get("hosts").fieldNames().forEachRemaining(names::add);
    return names;
  }

  private JsonNode host(String name) {
    return lab.get("hosts").get(name);
  }

  /** The hosts that define {@code vm}, with its state on each. */
  Map<String, String> domains(String vm) {
    Map<String, String> where = new java.util.LinkedHashMap<>();
    for (String h : hosts()) {
      for (JsonNode d : host(h).get("vms")) {
        if (vm.equals(d.get("name").asText())) {
          where.put(h, d.get("state").asText());
        }
      }
    }
    return where;
  }

  Optional<String> vfOf(String host, String vm) {
    for (JsonNode d : host(host).get("vms")) {
      if (vm.equals(d.get("name").asText())) {
        for (JsonNode i : d.get("interfaces")) {
          if ("hostdev".equals(i.get("type").asText())) {
            return Optional.of(i.get("pci").asText());
          }
        }
      }
    }
    return Optional.empty();
  }

  JsonNode vf(String host, String pci) {
    for (JsonNode nic : host(host).get("nics")) {
      for (JsonNode vf : nic.path("vfs")) {
        if (pci.equals(vf.get("pci").asText())) {
          return vf;
        }
      }
    }
    return null;
  }

  /** Files vfmigrate leaves on a host when it does not clean up: claims and temporary XML. */
  List<String> leftFiles() {
    List<String> left = new ArrayList<>();
    for (String h : hosts()) {
      host(h)
          .path("files")
          .fieldNames()
          .forEachRemaining(
              f -> {
                if (f.startsWith("/run/vfmigrate/") || f.startsWith("/tmp/vfmigrate-")) {
                  left.add(h + ":" + f);
                }
              });
    }
    return left;
  }

  int runningMigrations() {
    return lab.path("migrations").size();
  }

  /** Faults of the description that have not struck (yet). */
  int faultsLeft() {
    int n = 0;
    for (String h : hosts()) {
      n += host(h).path("faults").size();
    }
    return n;
  }

  /** MACs that more than one host holds (a domain's interface or a VF's hardware address). */
  Set<String> macsOnTwoHosts() {
    Map<String, String> owner = new java.util.HashMap<>();
    Set<String> doubled = new HashSet<>();
    for (String h : hosts()) {
      Set<String> macs = new HashSet<>();
      for (JsonNode d : host(h).get("vms")) {
        for (JsonNode i : d.get("interfaces")) {
          macs.add(i.path("mac").asText().toLowerCase(java.util.Locale.ROOT));
        }
      }
      for (JsonNode nic : host(h).get("nics")) {
        for (JsonNode vf : nic.path("vfs")) {
          macs.add(vf.path("hw_addr").asText().toLowerCase(java.util.Locale.ROOT));
        }
      }
      macs.remove("");
      macs.remove("00:00:00:00:00:00");
      for (String mac : macs) {
        String before = owner.putIfAbsent(mac, h);
        if (before != null) {
          doubled.add(mac + " on " + before + " and " + h);
        }
      }
    }
    return doubled;
  }

  /**
   * The host's preparation as its tools show it: services, Open vSwitch's settings and bridges,
   * each NIC's eswitch mode and VF count, and every VF no domain uses (driver, override, detached,
   * migratable). A VF a domain uses is left out: it is checked as the domain's VF.
   */
  JsonNode preparation(String name) {
    return preparation(name, usedVfs(name));
  }

  /** The VFs the domains of a host use. */
  Set<String> usedVfs(String name) {
    Set<String> used = new HashSet<>();
    for (JsonNode d : host(name).get("vms")) {
      for (JsonNode i : d.get("interfaces")) {
        if ("hostdev".equals(i.get("type").asText())) {
          used.add(i.get("pci").asText());
        }
      }
    }
    return used;
  }

  /** The preparation with the VFs of {@code used} left out (another state's used VFs). */
  JsonNode preparation(String name, Set<String> used) {
    JsonNode h = host(name);
    ObjectNode p = JSON.createObjectNode();
    p.set("services", h.get("services"));
    p.set("other_config", h.path("ovs").path("other_config"));
    p.set("bridges", h.path("ovs").path("bridges"));
    ArrayNode nics = p.putArray("nics");
    for (JsonNode nic : h.get("nics")) {
      ObjectNode n = nics.addObject();
      n.set("pci", nic.get("pci"));
      n.set("eswitch", nic.get("eswitch"));
      n.set("num_vfs", nic.get("num_vfs"));
      ArrayNode vfs = n.putArray("free_vfs");
      for (JsonNode vf : nic.path("vfs")) {
        if (!used.contains(vf.get("pci").asText())) {
          ObjectNode v = vfs.addObject();
          for (Iterator<String> it = vf.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            if (!field.equals("hw_addr")) {
              v.set(field, vf.get(field));
            }
          }
        }
      }
    }
    return p;
  }

  /** Everything a refused or rolled-back command must leave as it was, on every host. */
  JsonNode everything() {
    ObjectNode all = JSON.createObjectNode();
    for (String h : hosts()) {
      ObjectNode one = all.putObject(h);
      one.set("preparation", preparation(h));
      ArrayNode vms = one.putArray("vms");
      for (JsonNode d : host(h).get("vms")) {
        ObjectNode v = vms.addObject();
        v.set("name", d.get("name"));
        v.set("state", d.get("state"));
        v.set("interfaces", d.get("interfaces"));
      }
      ArrayNode used = one.putArray("used_vfs");
      for (JsonNode nic : host(h).get("nics")) {
        for (JsonNode vf : nic.path("vfs")) {
          used.add(vf);
        }
      }
    }
    return all;
  }
}
