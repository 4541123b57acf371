package io.vfmigrate.host;

import io.vfmigrate.model.Names;
import io.vfmigrate.model.PciAddress;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What vfmigrate knows about one host: how to reach it, its PF, how peers reach its libvirt, its
 * Open vSwitch bridge and the VF network's ping target.
 *
 * @param name the inventory name (validated)
 * @param connection {@code local}, {@code lab}, or {@code user@host[:port]} for SSH
 * @param address the host's address on the migration network
 * @param pf the ConnectX-7 PF that carries the VFs
 * @param libvirtUri the URI peers use to reach this host's libvirt
 * @param bridge the OVS bridge for the PF uplink and VF representors
 * @param pingTarget an address on the VF network that answers ping, if known
 * @param identityFile the SSH private key, for SSH hosts
 * @param migrateUri the URI QEMU's migration stream uses to reach this host as a destination
 *     ({@code virsh migrate --migrateuri}), when the libvirt URI's host is not the right one
 * @param env environment variables for commands run on this host (local hosts)
 * @param emulatedHardware the lab host whose emulated ConnectX-7 (mstflint, mstconfig, devlink,
 *     lshw, modinfo and /sys) stands in for a NIC this host does not have, e.g. in the real-lab
 *     harness
 * @param knownHosts the known_hosts file for SSH hosts
 * @param acceptNewHostKey whether an unknown SSH host key may be accepted and recorded
 */
public record InventoryEntry(
    String name,
    String connection,
    String address,
    PciAddress pf,
    String libvirtUri,
    String bridge,
    Optional<String> pingTarget,
    Optional<String> identityFile,
    Optional<String> migrateUri,
    Map<String, String> env,
    Optional<String> emulatedHardware,
    Optional<String> knownHosts,
    boolean acceptNewHostKey) {
  public static final String DEFAULT_BRIDGE = "br-vf";

  public InventoryEntry {
    Names.hostName(name);
    Objects.requireNonNull(connection, "connection");
    Objects.requireNonNull(pf, "pf");
    Names.libvirtUri(libvirtUri);
    Names.bridgeName(bridge);
    Objects.requireNonNull(pingTarget, "pingTarget");
    Objects.requireNonNull(identityFile, "identityFile").ifPresent(Names::path);
    Objects.requireNonNull(migrateUri, "migrateUri").ifPresent(Names::libvirtUri);
    env = Map.copyOf(Objects.requireNonNull(env, "env"));
    Objects.requireNonNull(emulatedHardware, "emulatedHardware").ifPresent(Names::hostName);
    Objects.requireNonNull(knownHosts, "knownHosts").ifPresent(Names::path);
  }

  /** An entry with only what every host has; the optional parts empty. */
  public static InventoryEntry basic(
      String name,
      String connection,
      String address,
      PciAddress pf,
      String libvirtUri,
      String bridge,
      Optional<String> pingTarget) {
    return new InventoryEntry(
        name,
        connection,
        address,
        pf,
        libvirtUri,
        bridge,
        pingTarget,
        Optional.empty(),
        Optional.empty(),
        Map.of(),
        Optional.empty(),
        Optional.empty(),
        false);
  }

  /** The default URI for a peer: {@code qemu+ssh://ADDRESS/system}. */
  public static String defaultUri(String address) {
    return "qemu+ssh://" + address + "/system";
  }
}
