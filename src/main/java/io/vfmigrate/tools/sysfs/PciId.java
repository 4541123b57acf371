package io.vfmigrate.tools.sysfs;

import java.util.Locale;
import java.util.Objects;

/**
 * A PCI vendor and device id as sysfs prints them ({@code "0x%04x\n"}, read without the newline):
 * {@code 0x15b3}/{@code 0x1021} is a ConnectX-7 PF, {@code 0x15b3}/{@code 0x101e} its VF.
 */
public record PciId(String vendor, String device) {
  public PciId {
    vendor = Objects.requireNonNull(vendor, "vendor").strip().toLowerCase(Locale.ROOT);
    device = Objects.requireNonNull(device, "device").strip().toLowerCase(Locale.ROOT);
  }

  /** {@code 15b3:1021}, as lspci -n shows it. */
  @Override
  public String toString() {
    return vendor.replace("0x", "") + ":" + device.replace("0x", "");
  }
}
