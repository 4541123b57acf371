package io.vfmigrate.model;

import java.util.Objects;
import java.util.Optional;

/**
 * A host PCI function passed through to a domain, as libvirt's domain XML describes it: either an
 * {@code <interface type='hostdev'>} (a NIC VF with a MAC that libvirt programs) or a plain {@code
 * <hostdev mode='subsystem' type='pci'>} (no MAC).
 *
 * @param kind which of the two elements it came from
 * @param mac the MAC of an interface; empty for a plain hostdev
 * @param managed {@code managed='yes'}: libvirt detaches and reattaches the function itself
 * @param source the host PCI address ({@code <source><address .../></source>})
 * @param driverName {@code <driver name=.../>}, e.g. {@code vfio}
 * @param driverModel {@code <driver model=.../>}, the VFIO variant driver (libvirt 9.7+), e.g.
 *     {@code mlx5_vfio_pci}
 * @param alias libvirt's device alias of a running domain, e.g. {@code hostdev0}
 */
public record HostdevInterface(
    Kind kind,
    Optional<MacAddress> mac,
    boolean managed,
    PciAddress source,
    Optional<String> driverName,
    Optional<String> driverModel,
    Optional<String> alias) {

  /** The element a passed-through function is declared with. */
  public enum Kind {
    /** {@code <interface type='hostdev'>}. */
    INTERFACE,
    /** {@code <hostdev mode='subsystem' type='pci'>}. */
    HOSTDEV
  }

  public HostdevInterface {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(mac, "mac");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(driverName, "driverName");
    Objects.requireNonNull(driverModel, "driverModel");
    Objects.requireNonNull(alias, "alias");
  }
}
