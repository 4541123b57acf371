package io.vfmigrate.lab.machine;

import io.vfmigrate.lab.state.HostSpec;
import io.vfmigrate.lab.state.VfSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * PCI driver binding: the one place where a VF's driver, its driver_override and libvirt's detached
 * flag change. The kernel's rules (drivers/base/bus.c bind/unbind/drivers_probe,
 * drivers/pci/pci-driver.c id matching) and libvirt's managed hostdev rules (virhostdev.c) live
 * here; a tool front end only names the device and renders the outcome.
 */
public final class PciBus {
  /** The VF's host driver. */
  public static final String HOST_DRIVER = "mlx5_core";

  /** What a bind asked of the kernel did. */
  public enum Bind {
    BOUND,
    /** The driver does not match the device (ENODEV). */
    NO_MATCH,
    /** The device has a driver already (EBUSY). */
    BUSY
  }

  private PciBus() {}

  /** The PCI drivers the host's kernel has loaded. */
  public static List<String> drivers(HostSpec host) {
    List<String> drivers = new ArrayList<>(List.of(HOST_DRIVER, "pci-stub", "vfio-pci"));
    if (HostFacts.hasMlx5VfioPci(host.kernel)) {
      drivers.add(DomainHostdevs.VARIANT_DRIVER);
    }
    return drivers;
  }

  /** Whether the driver's id table (or driver_override) matches the VF. */
  public static boolean matches(VfSpec vf, String driver) {
    if (vf.driverOverride != null) {
      return vf.driverOverride.equals(driver);
    }
    // mlx5_vfio_pci's only entry is override-only; vfio-pci and pci-stub need new_id.
    return driver.equals(HOST_DRIVER);
  }

  /** {@code echo ADDR > /sys/bus/pci/drivers/DRIVER/bind}. */
  public static Bind bind(VfSpec vf, String driver) {
    if (!matches(vf, driver)) {
      return Bind.NO_MATCH;
    }
    if (vf.driver != null) {
      return Bind.BUSY;
    }
    vf.driver = driver;
    return Bind.BOUND;
  }

  /** {@code echo ADDR > /sys/bus/pci/drivers/DRIVER/unbind}: the VF has no driver after. */
  public static void unbind(VfSpec vf) {
    vf.driver = null;
  }

  /**
   * {@code echo ADDR > /sys/bus/pci/drivers_probe}: a VF without a driver gets its driver_override,
   * else its host driver, when the kernel has that driver loaded.
   */
  public static void probe(HostSpec host, VfSpec vf) {
    if (vf.driver != null) {
      return;
    }
    String wanted = vf.driverOverride == null ? HOST_DRIVER : vf.driverOverride;
    if (drivers(host).contains(wanted)) {
      vf.driver = wanted;
    }
  }

  /** driver_override_store: a write of only a newline clears it; an empty write changes nothing. */
  public static void writeDriverOverride(VfSpec vf, String content) {
    if (content.isEmpty()) {
      return;
    }
    String value = content.endsWith("\n") ? content.substring(0, content.length() - 1) : content;
    vf.driverOverride = value.isEmpty() ? null : value;
  }

  /** libvirt detaches a managed hostdev: the VF goes to the guest driver libvirt chooses. */
  public static void bindToGuestDriver(HostSpec host, VfSpec vf) {
    vf.driver = DomainHostdevs.managedDriver(host);
    vf.detached = true;
  }

  /** libvirt reattaches a managed hostdev: the VF is the host's again. */
  public static void returnToHost(VfSpec vf) {
    vf.driver = HOST_DRIVER;
    vf.detached = false;
  }

  /** {@code virsh nodedev-detach [--driver]}: libvirt binds the VF to that driver and owns it. */
  public static void detach(VfSpec vf, String driver) {
    vf.driver = driver;
    vf.detached = true;
  }

  /** Puts a VF back as it was: its driver, driver_override and detached state. */
  public static void restore(VfSpec vf, String driver, String driverOverride, boolean detached) {
    vf.driver = driver;
    vf.driverOverride = driverOverride;
    vf.detached = detached;
  }
}
