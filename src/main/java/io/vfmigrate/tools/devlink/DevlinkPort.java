package io.vfmigrate.tools.devlink;

import io.vfmigrate.model.PciAddress;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A devlink port as {@code devlink port show} lists it. {@code handle} is {@code pci/PF/INDEX}, the
 * form {@code devlink port function set} takes. {@code flavour} is physical, pcipf, pcivf, pcisf,
 * ...; {@code pfnum}/{@code vfnum} are present for pcipf/pcivf ports. VF ports exist only while the
 * PF's eswitch is in switchdev mode (they are the VF representors).
 */
public record DevlinkPort(
    String handle,
    PciAddress device,
    int index,
    String type,
    Optional<String> netdev,
    String flavour,
    OptionalInt pfnum,
    OptionalInt vfnum,
    boolean external,
    Optional<PortFunction> function) {
  public static final String FLAVOUR_PCIVF = "pcivf";
  public static final String FLAVOUR_PHYSICAL = "physical";

  public DevlinkPort {
    Objects.requireNonNull(handle, "handle");
    Objects.requireNonNull(device, "device");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(netdev, "netdev");
    Objects.requireNonNull(flavour, "flavour");
    Objects.requireNonNull(pfnum, "pfnum");
    Objects.requireNonNull(vfnum, "vfnum");
    Objects.requireNonNull(function, "function");
  }

  public boolean isVf() {
    return FLAVOUR_PCIVF.equals(flavour);
  }

  /** The {@code migratable} attribute; empty when unsupported or the port has no function. */
  public Optional<Boolean> migratable() {
    return function.flatMap(PortFunction::migratable);
  }
}
