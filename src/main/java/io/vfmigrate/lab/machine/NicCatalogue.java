package io.vfmigrate.lab.machine;

import io.vfmigrate.lab.state.NicSpec;
import java.util.List;
import java.util.Optional;

/**
 * The NICs the lab can emulate: per family its PCI device id, the product string of pci.ids, the
 * mstconfig device type, one board (part number and description), the firmware family (the major
 * number of its firmware versions) and what it can do. An unknown model is treated as a ConnectX-7,
 * as the lab always has.
 */
public final class NicCatalogue {
  /** One NIC family. */
  public record Model(
      String name,
      String pciDeviceId,
      String productName,
      String deviceType,
      String partNumber,
      String description,
      int firmwareFamily,
      boolean vfMigration) {}

  public static final Model CONNECTX_7 =
      new Model(
          "ConnectX-7",
          "0x1021",
          "MT2910 Family [ConnectX-7]",
          "ConnectX7",
          "MCX75310AAS-NEA_Ax",
          "NVIDIA ConnectX-7 HHHL Adapter card; 400GbE / NDR IB (default mode); Single-port OSFP;"
              + " PCIe 5.0 x16; Crypto Disabled; Secure Boot Enabled",
          28,
          true);

  public static final List<Model> MODELS =
      List.of(
          CONNECTX_7,
          new Model(
              "ConnectX-6 Dx",
              "0x101d",
              "MT2892 Family [ConnectX-6 Dx]",
              "ConnectX6DX",
              "MCX623106AN-CDA_Ax",
              "ConnectX-6 Dx EN adapter card; 100GbE; Dual-port QSFP56; PCIe 4.0/3.0 x16;",
              22,
              false),
          new Model(
              "ConnectX-6",
              "0x101b",
              "MT28908 Family [ConnectX-6]",
              "ConnectX6",
              "MCX653105A-HDA_Ax",
              "ConnectX-6 VPI adapter card; HDR IB (200Gb/s) and 200GbE; single-port QSFP56;"
                  + " PCIe3.0/4.0 Socket Direct 2x16;",
              20,
              false),
          new Model(
              "ConnectX-5",
              "0x1017",
              "MT27800 Family [ConnectX-5]",
              "ConnectX5",
              "MCX516A-CDA_Ax",
              "ConnectX-5 Ex EN network interface card; 100GbE dual-port QSFP28; PCIe4.0 x16;",
              16,
              false));

  /** The PCI vendor id of every model (Mellanox). */
  public static final String VENDOR_MELLANOX = "0x15b3";

  /** The device id of every model's VFs (mlx5Gen Virtual Function). */
  public static final String DEVICE_VF = "0x101e";

  public static final String VF_PRODUCT = "ConnectX Family mlx5Gen Virtual Function";

  private NicCatalogue() {}

  /** The model of this NIC, if the lab knows it. */
  public static Optional<Model> known(NicSpec nic) {
    return MODELS.stream().filter(m -> m.name().equals(nic.model)).findFirst();
  }

  /** The model of this NIC; an unknown name is described as a ConnectX-7. */
  public static Model of(NicSpec nic) {
    return known(nic).orElse(CONNECTX_7);
  }

  /** The product string pci.ids gives the PF (lshw's Description); an unknown model's name. */
  public static String productName(NicSpec nic) {
    return known(nic).map(Model::productName).orElse(nic.model);
  }

  /** True when the NIC's firmware has VF_MIGRATION_MODE (a known model that can migrate VFs). */
  public static boolean supportsVfMigration(NicSpec nic) {
    return known(nic).map(Model::vfMigration).orElse(false);
  }
}
