package io.vfmigrate.lab.state;

/** One virtual function (runtime). */
public class VfSpec {
  public int index;
  public String pci;

  /** Bound driver: mlx5_core, pci-stub, vfio-pci, mlx5_vfio_pci, or null for none. */
  public String driver = "mlx5_core";

  /** True after {@code virsh nodedev-detach}: libvirt owns it. */
  public boolean detached;

  public boolean migratable;

  /** The sysfs driver_override of the VF (runtime); null when unset. */
  public String driverOverride;

  public String hwAddr = "00:00:00:00:00:00";
}
