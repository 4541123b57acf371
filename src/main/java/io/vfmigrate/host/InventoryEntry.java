package io.vfmigrate.host;

import io.vfmigrate.model.Names;
import io.vfmigrate.model.PciAddress;
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
 */
public record InventoryEntry(
    String name,
    String connection,
    String address,
    PciAddress pf,
    String libvirtUri,
    String bridge,
    Optional<String> pingTarget,
    Optional<String> identityFile) {
  public static final String DEFAULT_BRIDGE = "br-vf";

  public InventoryEntry {
    Names.hostName(name);
    Objects.requireNonNull(connection, "connection");
    Objects.requireNonNull(pf, "pf");
    Names.libvirtUri(libvirtUri);
    Names.bridgeName(bridge);
    Objects.requireNonNull(pingTarget, "pingTarget");
    Objects.requireNonNull(identityFile, "identityFile");
  }

  /** The default URI for a peer: {@code qemu+ssh://ADDRESS/system}. */
  public static String defaultUri(String address) {
    return "qemu+ssh://" + address + "/system";
  }
}
