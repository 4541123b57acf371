package io.vfmigrate.workflow.prepare;

import io.vfmigrate.model.PciAddress;
import io.vfmigrate.tools.devlink.DevlinkPort;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What preparation reads from a host before it plans; {@code ovsUnit} is the host's Open vSwitch
 * unit ({@code openvswitch} or Debian's {@code openvswitch-switch}); {@code
 * libvirtBindsNamedDriver} is true when its libvirt (9.7 or later) binds the driver {@code virsh
 * nodedev-detach --driver NAME} names.
 */
record HostState(
    OptionalInt migrationModeCurrent,
    OptionalInt migrationModeNext,
    String eswitchMode,
    int totalVfs,
    int numVfs,
    List<VfState> vfs,
    Optional<String> uplinkNetdev,
    boolean ovsActive,
    Map<String, String> otherConfig,
    Map<String, List<String>> bridges,
    String ovsUnit,
    boolean libvirtBindsNamedDriver,
    RunningOffload offload) {

  /**
   * Whether the running ovs-vswitchd has hardware offload on, as {@code ovs-appctl
   * dpif/offload/show} reports it (Open vSwitch 3.7 and later); empty with {@code unreadable}
   * saying why when it cannot tell. Off when Open vSwitch does not run.
   */
  record RunningOffload(Optional<Boolean> enabled, String unreadable) {
    static RunningOffload known(boolean enabled) {
      return new RunningOffload(Optional.of(enabled), "");
    }

    static RunningOffload unknown(String why) {
      return new RunningOffload(Optional.empty(), why);
    }

    boolean knownOff() {
      return enabled.isPresent() && !enabled.get();
    }
  }

  /** One existing VF: its address, bound driver and devlink port (switchdev mode only). */
  record VfState(int index, PciAddress pci, Optional<String> driver, Optional<DevlinkPort> port) {
    /** Bound to a stub or VFIO driver, i.e. taken away from the host's mlx5_core. */
    boolean detached() {
      return driver.isPresent() && DETACHED_DRIVERS.contains(driver.get());
    }

    boolean migratable() {
      return port.flatMap(DevlinkPort::function).flatMap(f -> f.migratable()).orElse(false);
    }
  }

  static final List<String> DETACHED_DRIVERS = List.of("pci-stub", "vfio-pci", "mlx5_vfio_pci");

  boolean migrationEnabled() {
    return migrationModeCurrent.isPresent() && migrationModeCurrent.getAsInt() == 2;
  }
}
