package io.vfmigrate.workflow.preflight;

import io.vfmigrate.host.InventoryEntry;
import io.vfmigrate.host.ManagedHost;
import io.vfmigrate.tools.firewall.FirewallCmd;
import io.vfmigrate.tools.firewall.PortRange;
import io.vfmigrate.tools.fs.FilesystemType;
import io.vfmigrate.tools.fs.StatFs;
import io.vfmigrate.tools.virsh.DomainCapabilities;
import io.vfmigrate.tools.virsh.HostCapabilities;
import io.vfmigrate.tools.virsh.NodeMemory;
import io.vfmigrate.tools.virsh.VirshHost;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the general migration prerequisites read from one host, each host-wide fact at most once:
 * libvirt's capabilities, its memory, its firewall, per kind of domain its domain capabilities,
 * and, per path, the filesystem under a disk.
 */
final class PrereqFacts {
  private final ManagedHost managed;
  private final VirshHost virsh;
  private final Memo<HostCapabilities> capabilities;
  private final Memo<NodeMemory> memory;
  private final Memo<Optional<List<PortRange>>> firewall;
  private final Map<List<String>, Optional<DomainCapabilities>> domainCapabilities =
      new HashMap<>();

  PrereqFacts(ManagedHost managed) {
    this.managed = managed;
    this.virsh = new VirshHost(managed.host());
    this.capabilities = new Memo<>(virsh::capabilities);
    this.memory = new Memo<>(virsh::nodememstats);
    this.firewall = new Memo<>(() -> new FirewallCmd(managed.host()).openPorts());
  }

  String name() {
    return managed.name();
  }

  InventoryEntry entry() {
    return managed.entry();
  }

  VirshHost virsh() {
    return virsh;
  }

  HostCapabilities capabilities() {
    return capabilities.get();
  }

  /**
   * {@code virsh domcapabilities} for a domain of that virtualization type, architecture and
   * machine type; empty when this host's QEMU does not have the machine type.
   */
  Optional<DomainCapabilities> domainCapabilities(String virtType, String arch, String machine) {
    List<String> key = List.of(virtType, arch, machine);
    Optional<DomainCapabilities> known = domainCapabilities.get(key);
    if (known == null) {
      known = virsh.domainCapabilities(virtType, arch, machine);
      domainCapabilities.put(key, known);
    }
    return known;
  }

  NodeMemory memory() {
    return memory.get();
  }

  /** firewalld's open ports; empty when firewalld does not run. Throws when it is not installed. */
  Optional<List<PortRange>> firewall() {
    return firewall.get();
  }

  Optional<FilesystemType> filesystemOf(String path) {
    return new StatFs(managed.host()).filesystemOf(path);
  }
}
