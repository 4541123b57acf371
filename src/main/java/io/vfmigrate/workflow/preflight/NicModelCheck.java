package io.vfmigrate.workflow.preflight;

import io.vfmigrate.model.Finding;
import io.vfmigrate.model.VfmigrateException;
import io.vfmigrate.tools.sysfs.PciId;
import java.util.Map;
import java.util.Optional;

/** {@code nic-model}: the PF is a ConnectX-7 (15b3:1021), the only NIC that can migrate VFs. */
final class NicModelCheck implements HostCheck {
  static final String ID = "nic-model";
  private static final String MELLANOX = "0x15b3";
  private static final String CONNECTX_7 = "0x1021";
  private static final Map<String, String> KNOWN =
      Map.of(
          "0x1021", "ConnectX-7",
          "0x101d", "ConnectX-6 Dx",
          "0x101b", "ConnectX-6",
          "0x1017", "ConnectX-5",
          "0x101e", "ConnectX VF (not a PF)",
          "0xa2dc", "BlueField-3");

  /** What to do on a host whose PF cannot migrate VFs. */
  static final String USE_CONNECTX_7 =
      "use a ConnectX-7 PF: list them with 'lshw -c network -businfo' and set 'pf' in the"
          + " inventory";

  /**
   * The model of the host's PF when it is known not to be a ConnectX-7 (e.g. {@code ConnectX-6
   * Dx}); empty for a ConnectX-7 or when the PF cannot be read (nic-model reports that).
   */
  static Optional<String> otherModel(HostProbe probe) {
    try {
      return probe.pciId().filter(pci -> !isConnectX7(pci)).map(NicModelCheck::model);
    } catch (VfmigrateException e) {
      return Optional.empty();
    }
  }

  private static boolean isConnectX7(PciId pci) {
    return MELLANOX.equals(pci.vendor()) && CONNECTX_7.equals(pci.device());
  }

  private static String model(PciId pci) {
    return MELLANOX.equals(pci.vendor())
        ? KNOWN.getOrDefault(pci.device(), "Mellanox NIC")
        : "NIC that is not Mellanox's";
  }

  @Override
  public String id() {
    return ID;
  }

  @Override
  public Finding check(HostProbe probe) {
    Optional<PciId> id = probe.pciId();
    if (id.isEmpty()) {
      return Finding.fail(
          ID,
          probe.name(),
          "no PCI device at " + probe.pf(),
          "find the ConnectX-7 PF with 'lshw -c network -businfo' and set its address as 'pf'"
              + " in the inventory");
    }
    PciId pci = id.get();
    String ids = pci.vendor().replace("0x", "") + ":" + pci.device().replace("0x", "");
    if (isConnectX7(pci)) {
      return Finding.pass(ID, probe.name(), probe.pf() + " is a ConnectX-7 (" + ids + ")");
    }
    String model =
        MELLANOX.equals(pci.vendor())
            ? KNOWN.getOrDefault(pci.device(), "Mellanox NIC")
            : "not Mellanox";
    return Finding.fail(
        ID,
        probe.name(),
        probe.pf()
            + " is "
            + model
            + " ("
            + ids
            + "); only ConnectX-7 (15b3:1021) can live-migrate"
            + " VFs",
        USE_CONNECTX_7);
  }
}
