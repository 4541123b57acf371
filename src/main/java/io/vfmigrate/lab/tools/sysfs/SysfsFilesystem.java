package io.vfmigrate.lab.tools.sysfs;

import io.vfmigrate.host.FileAccessException;
import io.vfmigrate.lab.machine.LabTopology;
import io.vfmigrate.lab.machine.Packages;
import io.vfmigrate.lab.machine.PciBus;
import io.vfmigrate.lab.machine.Sriov;
import io.vfmigrate.lab.state.HostSpec;
import io.vfmigrate.lab.state.NicSpec;
import io.vfmigrate.lab.state.VfSpec;
import io.vfmigrate.lab.tools.LabContext;
import io.vfmigrate.lab.tools.VirtualFilesystem;
import io.vfmigrate.model.PciAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The sysfs of an emulated host, computed from its NICs and VFs: PCI device attributes and links
 * under {@code /sys/bus/pci/devices}, driver bind/unbind under {@code /sys/bus/pci/drivers}, IOMMU
 * groups and network interfaces. Failures carry the kernel's strerror texts. Writes to {@code
 * sriov_numvfs} follow drivers/pci/iov.c {@code sriov_numvfs_store}: {@code kstrtou16(buf, 0)}
 * (EINVAL, ERANGE), more than {@code sriov_totalvfs} is ERANGE, the current value is a no-op, a
 * different non-zero value while VFs exist is EBUSY, 0 removes the VFs.
 *
 * <p>Over 300 lines: one path grammar serves read, list, readlink, exists and write, and must agree
 * across them; the kernel's rules behind the writes are in the machine (PciBus, Sriov).
 */
public final class SysfsFilesystem implements VirtualFilesystem {
  static final String DEVICES = "/sys/bus/pci/devices";
  static final String DRIVERS = "/sys/bus/pci/drivers";
  static final String IOMMU_GROUPS = "/sys/kernel/iommu_groups";
  static final String CLASS_NET = "/sys/class/net";
  private static final String ENOENT = "No such file or directory";
  private static final String EACCES = "Permission denied";
  private static final String EINVAL = "Invalid argument";
  private static final String ERANGE = "Numerical result out of range";
  private static final String EBUSY = "Device or resource busy";
  private static final String ENODEV = "No such device";
  private static final String EISDIR = "Is a directory";

  /** IOMMU groups the rest of the machine uses before the NICs' functions. */
  private static final int BASE_GROUPS = 64;

  private static final List<String> PF_FILES =
      List.of(
          "class",
          "device",
          "sriov_numvfs",
          "sriov_offset",
          "sriov_stride",
          "sriov_totalvfs",
          "vendor");
  private static final List<String> VF_FILES =
      List.of("class", "device", "driver_override", "vendor");

  @Override
  public boolean handles(String path) {
    return path.equals("/sys") || path.startsWith("/sys/");
  }

  // ----------------------------------------------------------------- model

  /** A PCI function of a NIC: its PF, or one of its VFs. */
  private record Function(NicSpec nic, VfSpec vf, PciAddress pci) {
    boolean isPf() {
      return vf == null;
    }

    String driver() {
      return isPf() ? "mlx5_core" : vf.driver;
    }
  }

  private static List<Function> functions(HostSpec host) {
    List<Function> all = new ArrayList<>();
    for (NicSpec nic : host.nics) {
      all.add(new Function(nic, null, PciAddress.parse(nic.pci)));
      for (VfSpec vf : nic.vfs) {
        all.add(new Function(nic, vf, PciAddress.parse(vf.pci)));
      }
    }
    all.sort((a, b) -> a.pci().compareTo(b.pci()));
    return all;
  }

  private static Optional<Function> function(HostSpec host, String address) {
    for (Function f : functions(host)) {
      if (f.pci().toString().equals(address)) {
        return Optional.of(f);
      }
    }
    return Optional.empty();
  }

  private static List<String> drivers(HostSpec host) {
    return PciBus.drivers(host);
  }

  private static int iommuGroup(HostSpec host, Function f) {
    return BASE_GROUPS + functions(host).indexOf(f);
  }

  private static List<String> netdevs(HostSpec host) {
    TreeSet<String> names = new TreeSet<>();
    names.add("lo");
    for (NicSpec nic : host.nics) {
      names.add(nic.netdev);
      for (VfSpec vf : nic.vfs) {
        if ("mlx5_core".equals(vf.driver)) {
          names.add(LabTopology.vfNetdev(nic, vf.index));
        }
        if ("switchdev".equals(nic.eswitch)) {
          names.add(LabTopology.representor(nic, vf.index));
        }
      }
    }
    if (Packages.ovsRunning(host) && !host.ovs.bridges.isEmpty()) {
      names.add("ovs-system");
      Set<String> bridges = host.ovs.bridges.keySet();
      names.addAll(bridges);
    }
    return new ArrayList<>(names);
  }

  /** A path split into the parts after a prefix, e.g. {@code [0000:e1:00.0, vendor]}. */
  private static Optional<String[]> under(String path, String prefix) {
    if (path.equals(prefix)) {
      return Optional.of(new String[0]);
    }
    if (!path.startsWith(prefix + "/")) {
      return Optional.empty();
    }
    return Optional.of(path.substring(prefix.length() + 1).split("/", -1));
  }

  private static String normalize(String path) {
    String p = path;
    while (p.length() > 1 && p.endsWith("/")) {
      p = p.substring(0, p.length() - 1);
    }
    return p;
  }

  // ----------------------------------------------------------------- read

  @Override
  public String read(LabContext context, String rawPath) {
    String path = normalize(rawPath);
    HostSpec host = context.host();
    Optional<String[]> dev = under(path, DEVICES);
    if (dev.isPresent() && dev.get().length == 2) {
      Optional<Function> f = function(host, dev.get()[0]);
      if (f.isPresent()) {
        Optional<String> value = attribute(f.get(), dev.get()[1]);
        if (value.isPresent()) {
          return value.get();
        }
      }
    }
    Optional<String[]> net = under(path, CLASS_NET);
    if (net.isPresent() && net.get().length == 2 && net.get()[1].equals("speed")) {
      for (NicSpec nic : host.nics) {
        if (net.get()[0].equals(nic.netdev)) {
          // The PF's link speed in Mb/s, as ethtool reports it: the lab's migration link.
          return io.vfmigrate.model.Bandwidth.parse(context.lab().link.bandwidth).bytesPerSecond()
                  * 8
                  / 1_000_000
              + "\n";
        }
      }
    }
    if (isDirectory(host, path) || readLink(context, path).isPresent()) {
      throw new FileAccessException(context.hostName(), rawPath, EISDIR);
    }
    throw new FileAccessException(context.hostName(), rawPath, ENOENT);
  }

  private static Optional<String> attribute(Function f, String name) {
    NicSpec nic = f.nic();
    if (name.equals("vendor")) {
      return Optional.of(LabTopology.VENDOR_MELLANOX + "\n");
    }
    if (name.equals("device")) {
      return Optional.of((f.isPf() ? LabTopology.pciDeviceId(nic) : LabTopology.DEVICE_VF) + "\n");
    }
    if (name.equals("class")) {
      return Optional.of("0x020000\n");
    }
    if (f.isPf()) {
      return switch (name) {
        case "sriov_totalvfs" -> Optional.of(nic.totalVfs + "\n");
        case "sriov_numvfs" -> Optional.of(nic.vfs.size() + "\n");
        case "sriov_offset" -> Optional.of(nic.vfOffset + "\n");
        case "sriov_stride" -> Optional.of("1\n");
        default -> Optional.empty();
      };
    }
    if (name.equals("driver_override")) {
      return Optional.of((f.vf().driverOverride == null ? "(null)" : f.vf().driverOverride) + "\n");
    }
    return Optional.empty();
  }

  private static boolean isDirectory(HostSpec host, String path) {
    if (path.equals("/sys")
        || path.equals("/sys/bus")
        || path.equals("/sys/bus/pci")
        || path.equals("/sys/kernel")
        || path.equals("/sys/class")) {
      return true;
    }
    if (path.equals(DEVICES)
        || path.equals(DRIVERS)
        || path.equals(IOMMU_GROUPS)
        || path.equals(CLASS_NET)) {
      return true;
    }
    Optional<String[]> dev = under(path, DEVICES);
    if (dev.isPresent() && dev.get().length == 1) {
      return function(host, dev.get()[0]).isPresent();
    }
    Optional<String[]> drv = under(path, DRIVERS);
    if (drv.isPresent() && drv.get().length == 1) {
      return drivers(host).contains(drv.get()[0]);
    }
    Optional<String[]> group = under(path, IOMMU_GROUPS);
    if (group.isPresent() && group.get().length == 1) {
      return listGroups(host).contains(group.get()[0]);
    }
    return false;
  }

  // ----------------------------------------------------------------- write

  @Override
  public void write(LabContext context, String rawPath, String content) {
    String path = normalize(rawPath);
    HostSpec host = context.host();
    String name = context.hostName();
    Optional<String[]> dev = under(path, DEVICES);
    if (dev.isPresent() && dev.get().length == 2) {
      Optional<Function> f = function(host, dev.get()[0]);
      if (f.isEmpty()) {
        throw new FileAccessException(name, rawPath, ENOENT);
      }
      String attr = dev.get()[1];
      if (f.get().isPf() && attr.equals("sriov_numvfs")) {
        writeNumVfs(context, rawPath, f.get().nic(), content);
        return;
      }
      if (!f.get().isPf() && attr.equals("driver_override")) {
        PciBus.writeDriverOverride(f.get().vf(), content);
        return;
      }
      if (attr.equals("remove") || attr.equals("reset")) {
        throw new FileAccessException(name, rawPath, "vfmigrate lab: not emulated");
      }
      throw new FileAccessException(name, rawPath, EACCES);
    }
    Optional<String[]> drv = under(path, DRIVERS);
    if (drv.isPresent() && drv.get().length == 2 && drivers(host).contains(drv.get()[0])) {
      String driver = drv.get()[0];
      switch (drv.get()[1]) {
        case "bind" -> bind(context, rawPath, driver, content.strip());
        case "unbind" -> unbind(context, rawPath, driver, content.strip());
        case "new_id", "remove_id" ->
            throw new FileAccessException(name, rawPath, "vfmigrate lab: not emulated");
        default -> throw new FileAccessException(name, rawPath, EACCES);
      }
      return;
    }
    if (path.equals("/sys/bus/pci/drivers_probe")) {
      probe(context, rawPath, content.strip());
      return;
    }
    throw new FileAccessException(name, rawPath, exists(context, path) ? EACCES : ENOENT);
  }

  /**
   * Disabling VFs that a running domain uses: the kernel's vfio driver blocks the writer until QEMU
   * releases the device (QEMU is asked to unplug it, which needs the guest's cooperation). The lab
   * cannot block a call, so it fails with EBUSY and leaves everything in place: the state an
   * operator would see after interrupting the hung write.
   */
  private static void writeNumVfs(LabContext context, String path, NicSpec nic, String content) {
    String name = context.hostName();
    int n = kstrtou16(content).orElseThrow(() -> new FileAccessException(name, path, EINVAL));
    if (n < 0) {
      throw new FileAccessException(name, path, ERANGE);
    }
    switch (Sriov.setNumVfs(context.host(), nic, n)) {
      case TOO_MANY -> throw new FileAccessException(name, path, ERANGE);
      case BUSY -> throw new FileAccessException(name, path, EBUSY);
      case DONE -> {}
    }
  }

  /**
   * lib/kstrtox.c with base 0: optional '+', {@code 0x} hex or leading-0 octal, one trailing
   * newline allowed; -1 stands for "out of range" (ERANGE), empty for EINVAL.
   */
  static Optional<Integer> kstrtou16(String s) {
    String t = s.endsWith("\n") ? s.substring(0, s.length() - 1) : s;
    if (t.startsWith("+")) {
      t = t.substring(1);
    }
    int radix = 10;
    if (t.length() > 2
        && (t.startsWith("0x") || t.startsWith("0X"))
        && Character.digit(t.charAt(2), 16) >= 0) {
      radix = 16;
      t = t.substring(2);
    } else if (t.startsWith("0") && t.length() > 1) {
      radix = 8;
    }
    if (t.isEmpty()) {
      return Optional.empty();
    }
    long value = 0;
    for (char c : t.toCharArray()) {
      int d = Character.digit(c, radix);
      if (d < 0) {
        return Optional.empty();
      }
      value = value * radix + d;
      if (value > 0xffff) {
        return Optional.of(-1);
      }
    }
    return Optional.of((int) value);
  }

  private static void bind(LabContext context, String path, String driver, String address) {
    Optional<Function> f = function(context.host(), address);
    if (f.isEmpty() || f.get().isPf()) {
      throw new FileAccessException(context.hostName(), path, ENODEV);
    }
    switch (PciBus.bind(f.get().vf(), driver)) {
      case NO_MATCH -> throw new FileAccessException(context.hostName(), path, ENODEV);
      case BUSY -> throw new FileAccessException(context.hostName(), path, EBUSY);
      case BOUND -> {}
    }
  }

  private static void unbind(LabContext context, String path, String driver, String address) {
    Optional<Function> f = function(context.host(), address);
    if (f.isEmpty() || !driver.equals(f.get().driver())) {
      throw new FileAccessException(context.hostName(), path, ENODEV);
    }
    if (f.get().isPf()) {
      throw new FileAccessException(context.hostName(), path, "vfmigrate lab: not emulated");
    }
    PciBus.unbind(f.get().vf());
  }

  private static void probe(LabContext context, String path, String address) {
    Optional<Function> f = function(context.host(), address);
    if (f.isEmpty()) {
      throw new FileAccessException(context.hostName(), path, ENODEV);
    }
    if (f.get().vf() != null) {
      PciBus.probe(context.host(), f.get().vf());
    }
  }

  // ----------------------------------------------------------------- list, links, exists

  @Override
  public List<String> list(LabContext context, String rawPath) {
    String path = normalize(rawPath);
    HostSpec host = context.host();
    TreeSet<String> names = new TreeSet<>();
    if (path.equals(DEVICES)) {
      for (Function f : functions(host)) {
        names.add(f.pci().toString());
      }
    } else if (path.equals(DRIVERS)) {
      names.addAll(drivers(host));
    } else if (path.equals(IOMMU_GROUPS)) {
      names.addAll(listGroups(host));
    } else if (path.equals(CLASS_NET)) {
      names.addAll(netdevs(host));
    } else if (under(path, DEVICES).map(p -> p.length == 1).orElse(false)) {
      Function f =
          function(host, path.substring(DEVICES.length() + 1))
              .orElseThrow(() -> new FileAccessException(context.hostName(), rawPath, ENOENT));
      names.addAll(f.isPf() ? PF_FILES : VF_FILES);
      names.add("iommu_group");
      if (f.driver() != null) {
        names.add("driver");
      }
      if (f.isPf()) {
        for (VfSpec vf : f.nic().vfs) {
          names.add("virtfn" + vf.index);
        }
      } else {
        names.add("physfn");
      }
    } else if (under(path, DRIVERS).map(p -> p.length == 1).orElse(false)
        && drivers(host).contains(path.substring(DRIVERS.length() + 1))) {
      String driver = path.substring(DRIVERS.length() + 1);
      names.addAll(List.of("bind", "module", "new_id", "remove_id", "uevent", "unbind"));
      for (Function f : functions(host)) {
        if (driver.equals(f.driver())) {
          names.add(f.pci().toString());
        }
      }
    } else if (isDirectory(host, path)) {
      return List.of();
    } else {
      throw new FileAccessException(
          context.hostName(), rawPath, exists(context, path) ? "Not a directory" : ENOENT);
    }
    return new ArrayList<>(names);
  }

  private static List<String> listGroups(HostSpec host) {
    if (!host.iommu) {
      return List.of();
    }
    List<String> groups = new ArrayList<>();
    int count = BASE_GROUPS + functions(host).size();
    for (int i = 0; i < count; i++) {
      groups.add(String.valueOf(i));
    }
    return groups;
  }

  @Override
  public Optional<String> readLink(LabContext context, String rawPath) {
    String path = normalize(rawPath);
    HostSpec host = context.host();
    Optional<String[]> dev = under(path, DEVICES);
    if (dev.isPresent() && dev.get().length == 2) {
      Optional<Function> f = function(host, dev.get()[0]);
      if (f.isEmpty()) {
        return Optional.empty();
      }
      String attr = dev.get()[1];
      Function fn = f.get();
      if (attr.equals("driver")) {
        return Optional.ofNullable(fn.driver()).map(d -> "../../../bus/pci/drivers/" + d);
      }
      if (attr.equals("iommu_group") && host.iommu) {
        return Optional.of("../../../kernel/iommu_groups/" + iommuGroup(host, fn));
      }
      if (fn.isPf() && attr.startsWith("virtfn")) {
        for (VfSpec vf : fn.nic().vfs) {
          if (attr.equals("virtfn" + vf.index)) {
            return Optional.of("../" + vf.pci);
          }
        }
      }
      if (!fn.isPf() && attr.equals("physfn")) {
        return Optional.of("../" + PciAddress.parse(fn.nic().pci));
      }
      return Optional.empty();
    }
    Optional<String[]> net = under(path, CLASS_NET);
    if (net.isPresent() && net.get().length == 1 && netdevs(host).contains(net.get()[0])) {
      String netdev = net.get()[0];
      for (Function f : functions(host)) {
        String own =
            f.isPf()
                ? f.nic().netdev
                : "mlx5_core".equals(f.vf().driver)
                    ? LabTopology.vfNetdev(f.nic(), f.vf().index)
                    : null;
        boolean rep =
            !f.isPf()
                && "switchdev".equals(f.nic().eswitch)
                && LabTopology.representor(f.nic(), f.vf().index).equals(netdev);
        if (netdev.equals(own) || rep) {
          // representors hang off the PF's device
          PciAddress pci = rep ? PciAddress.parse(f.nic().pci) : f.pci();
          return Optional.of(
              String.format(
                  Locale.ROOT, "../../devices/pci%04x:00/%s/net/%s", pci.domain(), pci, netdev));
        }
      }
      return Optional.of("../../devices/virtual/net/" + netdev);
    }
    Optional<String[]> drv = under(path, DRIVERS);
    if (drv.isPresent() && drv.get().length == 2 && drivers(host).contains(drv.get()[0])) {
      Optional<Function> f = function(host, drv.get()[1]);
      if (f.isPresent() && drv.get()[0].equals(f.get().driver())) {
        return Optional.of("../../../../devices/pci0000:00/" + f.get().pci());
      }
    }
    return Optional.empty();
  }

  @Override
  public boolean exists(LabContext context, String rawPath) {
    String path = normalize(rawPath);
    HostSpec host = context.host();
    if (isDirectory(host, path) || readLink(context, path).isPresent()) {
      return true;
    }
    Optional<String[]> dev = under(path, DEVICES);
    if (dev.isPresent() && dev.get().length == 2) {
      Optional<Function> f = function(host, dev.get()[0]);
      return f.isPresent() && attribute(f.get(), dev.get()[1]).isPresent();
    }
    Optional<String[]> drv = under(path, DRIVERS);
    if (drv.isPresent() && drv.get().length == 2 && drivers(host).contains(drv.get()[0])) {
      return List.of("bind", "unbind", "new_id", "remove_id", "uevent").contains(drv.get()[1]);
    }
    return path.equals("/sys/bus/pci/drivers_probe");
  }
}
