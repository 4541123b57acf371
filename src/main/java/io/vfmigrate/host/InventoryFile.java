package io.vfmigrate.host;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.vfmigrate.model.InputFile;
import io.vfmigrate.model.InvalidInputException;
import io.vfmigrate.model.Names;
import io.vfmigrate.model.PciAddress;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Reads an inventory of real hosts (docs/inventory.md):
 *
 * <pre>
 * hosts:
 *   src:
 *     ssh: local                # or user@host[:port]
 *     address: 192.0.2.11
 *     pf: 0000:e1:00.0
 *     libvirt_uri: qemu+ssh://192.0.2.11/system
 *     bridge: br-vf
 *     ping_target: 192.168.3.1
 * </pre>
 */
public final class InventoryFile {
  private static final ObjectMapper YAML =
      new ObjectMapper(
              YAMLFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build())
          .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

  private static final String FIX = "give the path of a YAML inventory (docs/inventory.md).";

  /** The YAML shape of the file. */
  public static class Document {
    public Map<String, HostDocument> hosts = new LinkedHashMap<>();
  }

  /** The YAML shape of one host. */
  public static class HostDocument {
    public String ssh = "local";
    public String address;
    public String pf;
    public String libvirtUri;
    public String bridge = InventoryEntry.DEFAULT_BRIDGE;
    public String pingTarget;
    public String identityFile;
    public String knownHosts;
    public boolean acceptNewHostKey;
    public String migrateUri;
    public Map<String, String> env = new LinkedHashMap<>();
    public String emulatedHardware;
  }

  private InventoryFile() {}

  /**
   * Builds the YAML reader and its readers of the inventory's shape by parsing a one-host document,
   * so that a later {@link #read} does not pay for it; true when it parsed.
   */
  public static boolean warmUp() {
    try {
      Document doc =
          YAML.readValue(
              "hosts:\n  h:\n    ssh: local\n    pf: 0000:e1:00.0\n    env: {A: b}\n",
              Document.class);
      return doc.hosts.containsKey("h");
    } catch (IOException e) {
      return false;
    }
  }

  public static List<InventoryEntry> read(Path file) {
    Document doc;
    try {
      doc = YAML.readValue(InputFile.read(file, "inventory", FIX), Document.class);
    } catch (UnrecognizedPropertyException e) {
      throw new InvalidInputException(
          "Unknown field '"
              + Names.printable(String.valueOf(e.getPropertyName()))
              + "' in inventory "
              + file
              + " at "
              + YamlErrors.location(e)
              + ".",
          "use the fields of docs/inventory.md: ssh, address, pf, libvirt_uri, migrate_uri,"
              + " bridge, ping_target, identity_file, known_hosts, accept_new_host_key, env,"
              + " emulated_hardware.");
    } catch (JsonProcessingException e) {
      throw new InvalidInputException(
          "Invalid inventory " + file + ": " + YamlErrors.describe(e) + ".",
          "fix the YAML; docs/inventory.md documents every field.");
    } catch (IOException e) {
      throw new InvalidInputException("Cannot read inventory " + file + ": " + e.getMessage(), FIX);
    }
    if (doc == null || doc.hosts == null || doc.hosts.isEmpty()) {
      throw new InvalidInputException(
          "Inventory " + file + " names no hosts.", "list the hosts under 'hosts:'.");
    }
    List<InventoryEntry> entries = new ArrayList<>();
    for (Map.Entry<String, HostDocument> e : doc.hosts.entrySet()) {
      HostDocument h = e.getValue();
      String at = "inventory host '" + Names.printable(e.getKey()) + "'";
      if (h == null || h.pf == null) {
        throw new InvalidInputException(
            "The " + at + " has no 'pf'.",
            "give the PF's PCI address, e.g. pf: 0000:e1:00.0 (see lshw -c network -businfo).");
      }
      String address = h.address == null ? e.getKey() : h.address;
      checked(at, () -> Names.address(address));
      if (h.pingTarget != null) {
        checked(at, () -> Names.ipv4(h.pingTarget));
      }
      if (h.env != null && h.env.containsValue(null)) {
        throw new InvalidInputException(
            "The " + at + " has an env variable without a value.",
            "give every variable under env: a value (\"\" for empty).");
      }
      entries.add(
          checked(
              at,
              () ->
                  new InventoryEntry(
                      e.getKey(),
                      h.ssh == null ? "local" : h.ssh,
                      address,
                      PciAddress.parse(h.pf),
                      h.libvirtUri == null ? InventoryEntry.defaultUri(address) : h.libvirtUri,
                      h.bridge == null ? InventoryEntry.DEFAULT_BRIDGE : h.bridge,
                      Optional.ofNullable(h.pingTarget),
                      Optional.ofNullable(h.identityFile),
                      Optional.ofNullable(h.migrateUri),
                      h.env == null ? Map.of() : h.env,
                      Optional.ofNullable(h.emulatedHardware),
                      Optional.ofNullable(h.knownHosts),
                      h.acceptNewHostKey)));
    }
    return entries;
  }

  /** Makes or checks a value of one host; a bad one is named with its host. */
  private static <T> T checked(String host, Supplier<T> make) {
    try {
      return make.get();
    } catch (InvalidInputException e) {
      throw new InvalidInputException("The " + host + ": " + e.getMessage(), e.fix());
    }
  }
}
