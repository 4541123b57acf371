package io.vfmigrate.lab.machine;

import io.vfmigrate.lab.state.HostSpec;
import io.vfmigrate.lab.state.NicSpec;
import io.vfmigrate.lab.state.VfSpec;
import io.vfmigrate.model.PciAddress;
import java.util.Optional;

/**
 * Facts derived from the lab state that several emulators share: PCI ids, VF addresses and the
 * names the kernel and udev give to VF netdevs and representors.
 */
public final class LabTopology {
  public static final String VENDOR_MELLANOX = NicCatalogue.VENDOR_MELLANOX;
  public static final String DEVICE_VF = NicCatalogue.DEVICE_VF;

  private LabTopology() {}

  /** The PCI device id of a PF model: ConnectX-7 is 0x1021, ConnectX-6 Dx 0x101d. */
  public static String pciDeviceId(NicSpec nic) {
    return NicCatalogue.of(nic).pciDeviceId();
  }

  /** The product string pci.ids gives the PF (what lshw prints as Description). */
  public static String productName(NicSpec nic) {
    return NicCatalogue.productName(nic);
  }

  public static final String VF_PRODUCT = NicCatalogue.VF_PRODUCT;

  /** The PCI address of VF {@code n}: the PF's routing id plus the VF offset plus n. */
  public static PciAddress vfPci(NicSpec nic, int n) {
    return PciAddress.parse(nic.pci).plusRoutingId(nic.vfOffset + n);
  }

  /** The PF netdev without its {@code npN} suffix: {@code enp225s0np0} gives {@code enp225s0}. */
  public static String netdevBase(NicSpec nic) {
    return nic.netdev.replaceFirst("np\\d+$", "");
  }

  /** The VF's own netdev while mlx5_core drives it, e.g. {@code enp225s0v0}. */
  public static String vfNetdev(NicSpec nic, int n) {
    return netdevBase(nic) + "v" + n;
  }

  /** The VF representor's netdev in switchdev mode, e.g. {@code enp225s0npf0vf0}. */
  public static String representor(NicSpec nic, int n) {
    return netdevBase(nic) + "npf0vf" + n;
  }

  /** The mlx5 devlink port index of VF n on PF0: vport n + 1 (vhca_id 0). */
  public static int vfPortIndex(int n) {
    return n + 1;
  }

  public static final int UPLINK_PORT_INDEX = 65535;

  public static Optional<NicSpec> nic(HostSpec host, PciAddress pf) {
    return host.nics.stream().filter(n -> PciAddress.parse(n.pci).equals(pf)).findFirst();
  }

  /** The VF at {@code pci} and the NIC it belongs to. */
  public record VfRef(NicSpec nic, VfSpec vf) {}

  public static Optional<VfRef> vf(HostSpec host, PciAddress pci) {
    for (NicSpec nic : host.nics) {
      for (VfSpec vf : nic.vfs) {
        if (PciAddress.parse(vf.pci).equals(pci)) {
          return Optional.of(new VfRef(nic, vf));
        }
      }
    }
    return Optional.empty();
  }

  /** True when a network device of that name exists on the host right now. */
  public static boolean netdevExists(HostSpec host, String name) {
    for (NicSpec nic : host.nics) {
      if (nic.netdev.equals(name)) {
        return true;
      }
      for (VfSpec vf : nic.vfs) {
        if ("mlx5_core".equals(vf.driver) && vfNetdev(nic, vf.index).equals(name)) {
          return true;
        }
        if ("switchdev".equals(nic.eswitch) && representor(nic, vf.index).equals(name)) {
          return true;
        }
      }
    }
    return host.ovs.bridges.containsKey(name);
  }
}
