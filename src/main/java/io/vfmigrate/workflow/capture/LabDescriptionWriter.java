package io.vfmigrate.workflow.capture;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Writes captured hosts as a lab description in the documented lab YAML schema
 * (docs/lab-schema.md), field by field in the schema's order: only what the schema holds, and only
 * what was read (a field that could not be read is left out, so the lab's default applies).
 */
public final class LabDescriptionWriter {
  private static final long MIB = 1024L * 1024;

  private static final YAMLMapper YAML =
      new YAMLMapper(
          YAMLFactory.builder()
              .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
              .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
              .build());

  private LabDescriptionWriter() {}

  /** The YAML text: a comment naming the source and what could not be read, then the lab. */
  public static String write(List<CapturedHost> hosts, Optional<String> vfPeer, String source) {
    StringBuilder out = new StringBuilder();
    out.append("# vfmigrate lab capture of ").append(source).append('\n');
    for (CapturedHost h : hosts) {
      for (String u : h.unread()) {
        out.append("# not read on ").append(h.name()).append(": ").append(u).append('\n');
      }
    }
    Map<String, Object> lab = new LinkedHashMap<>();
    vfPeer.ifPresent(p -> lab.put("vf_peer", p));
    Map<String, Object> byName = new LinkedHashMap<>();
    for (CapturedHost h : hosts) {
      byName.put(h.name(), host(h));
    }
    lab.put("hosts", byName);
    try {
      out.append(YAML.writeValueAsString(lab));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write the lab description", e);
    }
    return out.toString();
  }

  private static Map<String, Object> host(CapturedHost h) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("address", h.address());
    h.hostname().ifPresent(v -> m.put("hostname", v));
    h.os().ifPresent(v -> m.put("os", v));
    h.kernel().ifPresent(v -> m.put("kernel", v));
    h.iommu().ifPresent(v -> m.put("iommu", v));
    m.put("packages", new LinkedHashMap<>(h.packages()));
    m.put("services", new LinkedHashMap<>(h.services()));
    List<Object> nics = new ArrayList<>();
    for (CapturedHost.Nic n : h.nics()) {
      nics.add(nic(n));
    }
    m.put("nics", nics);
    List<Object> vms = new ArrayList<>();
    for (CapturedHost.Vm v : h.vms()) {
      vms.add(vm(v));
    }
    m.put("vms", vms);
    if (!h.bridges().isEmpty() || !h.otherConfig().isEmpty()) {
      Map<String, Object> ovs = new LinkedHashMap<>();
      ovs.put("other_config", new LinkedHashMap<>(h.otherConfig()));
      ovs.put("bridges", new LinkedHashMap<>(h.bridges()));
      m.put("ovs", ovs);
    }
    return m;
  }

  private static Map<String, Object> nic(CapturedHost.Nic n) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("pci", n.pci().toString());
    n.model().ifPresent(v -> m.put("model", v));
    n.netdev().ifPresent(v -> m.put("netdev", v));
    n.firmware().ifPresent(v -> m.put("firmware", v));
    n.firmwareNext().ifPresent(v -> m.put("firmware_next", v));
    n.psid().ifPresent(v -> m.put("psid", v));
    put(m, "vf_migration_mode", n.vfMigrationMode());
    put(m, "vf_migration_mode_next", n.vfMigrationModeNext());
    m.put("total_vfs", n.totalVfs());
    put(m, "vf_offset", n.vfOffset());
    n.eswitch().ifPresent(v -> m.put("eswitch", v));
    m.put("num_vfs", n.numVfs());
    List<Object> vfs = new ArrayList<>();
    for (CapturedHost.Vf vf : n.vfs()) {
      Map<String, Object> v = new LinkedHashMap<>();
      v.put("index", vf.index());
      v.put("pci", vf.pci().toString());
      vf.driver().ifPresent(d -> v.put("driver", d));
      v.put("detached", vf.detached());
      v.put("migratable", vf.migratable());
      vfs.add(v);
    }
    m.put("vfs", vfs);
    return m;
  }

  private static Map<String, Object> vm(CapturedHost.Vm v) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", v.name());
    if (!v.uuid().isEmpty()) {
      m.put("uuid", v.uuid());
    }
    v.memoryBytes().ifPresent(b -> m.put("memory", size(b)));
    put(m, "vcpus", v.vcpus());
    v.dirtyRateMiBps().ifPresent(r -> m.put("dirty_rate", r + "MiB/s"));
    m.put("viommu", v.viommu());
    m.put("state", v.state());
    m.put("guest_agent", v.guestAgent());
    List<Object> interfaces = new ArrayList<>();
    for (CapturedHost.Interface i : v.interfaces()) {
      Map<String, Object> im = new LinkedHashMap<>();
      im.put("type", i.type());
      im.put("mac", i.mac());
      i.pci().ifPresent(p -> im.put("pci", p.toString()));
      interfaces.add(im);
    }
    m.put("interfaces", interfaces);
    return m;
  }

  static String size(long bytes) {
    if (bytes % MIB == 0) {
      return bytes / MIB + "MiB";
    }
    return bytes % 1024 == 0 ? bytes / 1024 + "KiB" : bytes + "B";
  }

  private static void put(Map<String, Object> m, String key, OptionalInt value) {
    value.ifPresent(v -> m.put(key, v));
  }
}
