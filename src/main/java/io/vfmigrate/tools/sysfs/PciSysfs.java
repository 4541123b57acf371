package io.vfmigrate.tools.sysfs;

import io.vfmigrate.host.FileAccessException;
import io.vfmigrate.host.Host;
import io.vfmigrate.model.InvalidInputException;
import io.vfmigrate.model.PciAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The PCI devices in sysfs ({@code /sys/bus/pci/devices/<address>/<attribute>}): ids, SR-IOV VF
 * counts and links, drivers, and whether the IOMMU is on (kernel drivers/pci/pci-sysfs.c and
 * iov.c).
 */
public final class PciSysfs {
  private static final String DEVICES = "/sys/bus/pci/devices/";
  private static final String IOMMU_GROUPS = "/sys/kernel/iommu_groups";

  private final Host host;

  public PciSysfs(Host host) {
    this.host = host;
  }

  /** {@code /sys/bus/pci/devices/<address>/<attribute>}. */
  public static String path(PciAddress device, String attribute) {
    return DEVICES + device + "/" + attribute;
  }

  /** The vendor and device ids; empty when there is no PCI device at that address. */
  public Optional<PciId> ids(PciAddress device) {
    Optional<String> vendor = readOptional(path(device, "vendor"));
    Optional<String> id = readOptional(path(device, "device"));
    if (vendor.isEmpty() || id.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new PciId(vendor.get(), id.get()));
  }

  /** {@code sriov_totalvfs}; empty when the device has no SR-IOV capability (or does not exist). */
  public OptionalInt totalVfs(PciAddress pf) {
    return readOptional(path(pf, "sriov_totalvfs"))
        .map(v -> OptionalInt.of(number(pf, "sriov_totalvfs", v)))
        .orElse(OptionalInt.empty());
  }

  /** {@code sriov_numvfs}: how many VFs are enabled now. */
  public int numVfs(PciAddress pf) {
    String attr = path(pf, "sriov_numvfs");
    try {
      return number(pf, "sriov_numvfs", host.readFile(attr));
    } catch (FileAccessException e) {
      throw new SysfsException(
          "Cannot read " + attr + " on " + host.name() + ": " + e.reason() + ".",
          e.isNoSuchFile()
              ? "check that " + pf + " is an SR-IOV capable PF: lshw -c network -businfo"
              : "run vfmigrate as root on that host.",
          attr,
          e.reason(),
          e);
    }
  }

  /**
   * Writes {@code n} to {@code sriov_numvfs} (as {@code echo n > sriov_numvfs}). The kernel answers
   * EBUSY when changing a non-zero count ({@link SriovBusyException}) and ERANGE above {@code
   * sriov_totalvfs} ({@link SriovRangeException}); writing the current count is a no-op.
   */
  public void setNumVfs(PciAddress pf, int n) {
    if (n < 0 || n > 0xffff) {
      throw new InvalidInputException(
          "Invalid VF count " + n + ".", "use 0 to remove the VFs or 1 to sriov_totalvfs.");
    }
    String attr = path(pf, "sriov_numvfs");
    try {
      host.writeFile(attr, n + "\n");
    } catch (FileAccessException e) {
      if (e.reason().contains("Device or resource busy")) {
        throw new SriovBusyException(host.name(), pf.toString(), n, e);
      }
      if (e.reason().contains("Numerical result out of range")) {
        throw new SriovRangeException(host.name(), pf.toString(), n, totalVfsQuietly(pf), e);
      }
      throw new SysfsException(
          "Cannot write " + n + " to " + attr + " on " + host.name() + ": " + e.reason() + ".",
          e.isNoSuchFile()
              ? "check that " + pf + " is an SR-IOV capable PF: lshw -c network -businfo"
              : "check dmesg on the host for the driver's reason, and run vfmigrate as root.",
          attr,
          e.reason(),
          e);
    }
  }

  /**
   * The PF's VFs in VF order: the targets of {@code virtfn0} .. {@code virtfn<numvfs-1>} (links
   * such as {@code ../0000:e1:00.1}), never computed from the PF's address.
   */
  public List<PciAddress> virtualFunctions(PciAddress pf) {
    int count = numVfs(pf);
    List<PciAddress> vfs = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      String link = path(pf, "virtfn" + i);
      String target =
          host.readLink(link)
              .orElseThrow(
                  () ->
                      new SysfsException(
                          link
                              + " is missing on "
                              + host.name()
                              + " although sriov_numvfs is "
                              + count
                              + ".",
                          "read sriov_numvfs again; the VFs may be being created or removed.",
                          link,
                          "No such file or directory",
                          null));
      vfs.add(addressOf(link, target));
    }
    return vfs;
  }

  /**
   * Binds the device to {@code driver} as libvirt 9.7's {@code virPCIDeviceBindToStub} does: writes
   * {@code driver_override}, unbinds it from its current driver, and asks the kernel to probe it
   * ({@code drivers_probe}), which now only {@code driver} may take.
   */
  public void bindOverride(PciAddress device, String driver) {
    write(path(device, "driver_override"), driver + "\n");
    Optional<String> current = driver(device);
    if (current.isPresent() && !current.get().equals(driver)) {
      write("/sys/bus/pci/drivers/" + current.get() + "/unbind", device + "\n");
    }
    if (driver(device).isEmpty()) {
      write("/sys/bus/pci/drivers_probe", device + "\n");
    }
  }

  /** Clears {@code driver_override} (a write of a newline), so any driver may take it again. */
  public void clearOverride(PciAddress device) {
    write(path(device, "driver_override"), "\n");
  }

  private void write(String file, String content) {
    try {
      host.writeFile(file, content);
    } catch (FileAccessException e) {
      throw new SysfsException(
          "Cannot write "
              + content.strip()
              + " to "
              + file
              + " on "
              + host.name()
              + ": "
              + e.reason()
              + ".",
          "check dmesg on the host for the driver's reason, and run vfmigrate as root.",
          file,
          e.reason(),
          e);
    }
  }

  /** The driver bound to the device (basename of its {@code driver} link); empty when none. */
  public Optional<String> driver(PciAddress device) {
    return host.readLink(path(device, "driver")).map(PciSysfs::basename).filter(s -> !s.isEmpty());
  }

  /** True when {@code /sys/kernel/iommu_groups} has at least one group. */
  public boolean iommuEnabled() {
    if (!host.exists(IOMMU_GROUPS)) {
      return false;
    }
    try {
      return !host.listDirectory(IOMMU_GROUPS).isEmpty();
    } catch (FileAccessException e) {
      if (e.isNoSuchFile()) {
        return false;
      }
      throw e;
    }
  }

  private OptionalInt totalVfsQuietly(PciAddress pf) {
    try {
      return totalVfs(pf);
    } catch (RuntimeException e) {
      return OptionalInt.empty();
    }
  }

  private Optional<String> readOptional(String path) {
    try {
      return Optional.of(host.readFile(path).strip());
    } catch (FileAccessException e) {
      if (e.isNoSuchFile()) {
        return Optional.empty();
      }
      throw e;
    }
  }

  private int number(PciAddress device, String attribute, String text) {
    String value = text.strip();
    try {
      return Integer.parseInt(value);
    } catch (NumberFormatException e) {
      String attr = path(device, attribute);
      throw new SysfsException(
          attr + " on " + host.name() + " holds '" + value + "', not a number.",
          "check the kernel's SR-IOV support for this device.",
          attr,
          "not a number",
          e);
    }
  }

  private PciAddress addressOf(String link, String target) {
    String name = basename(target);
    try {
      return PciAddress.parse(name);
    } catch (InvalidInputException e) {
      throw new SysfsException(
          link + " on " + host.name() + " points to '" + target + "', not a PCI device.",
          "check the PF address; its virtfn links must point to PCI functions.",
          link,
          "not a PCI address",
          e);
    }
  }

  private static String basename(String target) {
    String t = target.endsWith("/") ? target.substring(0, target.length() - 1) : target;
    return t.substring(t.lastIndexOf('/') + 1);
  }
}
