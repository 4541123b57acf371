package io.vfmigrate.host;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A real host whose missing ConnectX-7 is supplied by an emulated one: the NIC's tools (mstflint,
 * mstconfig, devlink, lshw, modinfo), its sysfs, libvirt's node devices ({@code virsh nodedev-*}:
 * the VFs are PCI devices of the emulated NIC) and the package manager's answer about the packages
 * of those tools ({@code mstflint}, {@code lshw}) go to the emulation; everything else (virsh,
 * QEMU, Open vSwitch, systemctl, the guest agent, other packages, files) to the real host. The
 * real-lab harness uses it, so that libvirt, QEMU and OVS are real while the hardware comes from
 * the lab. The emulated host should be of the real host's kind (dpkg or rpm), since it answers that
 * package manager's queries.
 */
public final class HardwareOverlayHost implements Host {
  /** Programs that talk to the NIC or its firmware. */
  public static final Set<String> HARDWARE_PROGRAMS =
      Set.of("mstflint", "mstconfig", "devlink", "lshw", "modinfo");

  /**
   * The packages of {@link #HARDWARE_PROGRAMS} whose version the procedure depends on: mstflint,
   * lshw, and iproute2 (RHEL: iproute), whose devlink is the emulated one (its version decides
   * whether it can set 'migratable').
   */
  public static final Set<String> HARDWARE_PACKAGES =
      Set.of("mstflint", "lshw", "iproute2", "iproute");

  private static final Set<String> PACKAGE_MANAGERS = Set.of("rpm", "dpkg-query", "dpkg");

  /**
   * The NIC's sysfs, and vfmigrate's claims ({@code /run/vfmigrate}, workflow/claims/Claims): the
   * real-lab hosts are one machine, so their claims are kept with each host's emulated hardware,
   * where src and dst do not share them (a MAC reserved on every host would otherwise collide with
   * itself).
   */
  private static final List<String> HARDWARE_PATHS =
      List.of("/sys/bus/pci/", "/sys/kernel/iommu_groups", "/sys/class/net/", "/run/vfmigrate");

  private final Host real;
  private final Host hardware;

  public HardwareOverlayHost(Host real, Host hardware) {
    this.real = real;
    this.hardware = hardware;
  }

  private Host forProgram(Command command) {
    return isHardware(command.argv()) ? hardware : real;
  }

  /** True when the command is about the NIC: its tools, its VFs' node devices, their packages. */
  static boolean isHardware(List<String> argv) {
    String program = argv.get(0);
    if (HARDWARE_PROGRAMS.contains(program)) {
      return true;
    }
    if (program.equals("virsh")) {
      return argv.size() > 1 && argv.get(1).startsWith("nodedev-");
    }
    return PACKAGE_MANAGERS.contains(program)
        && argv.size() > 1
        && HARDWARE_PACKAGES.contains(argv.get(argv.size() - 1));
  }

  private Host forPath(String path) {
    for (String prefix : HARDWARE_PATHS) {
      if (path.startsWith(prefix)) {
        return hardware;
      }
    }
    return real;
  }

  @Override
  public String name() {
    return real.name();
  }

  @Override
  public CommandResult run(Command command) {
    return forProgram(command).run(command);
  }

  @Override
  public RunningCommand start(Command command) {
    return forProgram(command).start(command);
  }

  /**
   * The emulated hardware's reads and the real host's, each as one batch, both at once; the results
   * in the order asked.
   */
  @Override
  public List<ReadResult> readAll(List<Read> reads) {
    List<Read> toHardware = new java.util.ArrayList<>();
    List<Read> toReal = new java.util.ArrayList<>();
    for (Read r : reads) {
      (forRead(r) == hardware ? toHardware : toReal).add(r);
    }
    // Both halves at once: the emulation answers in-process while the real host's tools run.
    java.util.concurrent.CompletableFuture<List<ReadResult>> real =
        ConcurrentReads.async(() -> this.real.readAll(toReal));
    java.util.Iterator<ReadResult> fromHardware = hardware.readAll(toHardware).iterator();
    java.util.Iterator<ReadResult> fromReal = ConcurrentReads.join(real).iterator();
    return reads.stream()
        .map(r -> forRead(r) == hardware ? fromHardware.next() : fromReal.next())
        .toList();
  }

  private Host forRead(Read read) {
    if (read instanceof Read.Run r) {
      return forProgram(r.command());
    } else if (read instanceof Read.File f) {
      return forPath(f.path());
    } else if (read instanceof Read.Link l) {
      return forPath(l.path());
    } else if (read instanceof Read.Directory d) {
      return forPath(d.path());
    }
    return forPath(((Read.Exists) read).path());
  }

  @Override
  public String readFile(String path) {
    return forPath(path).readFile(path);
  }

  @Override
  public void writeFile(String path, String content) {
    forPath(path).writeFile(path, content);
  }

  @Override
  public List<String> listDirectory(String path) {
    return forPath(path).listDirectory(path);
  }

  @Override
  public Optional<String> readLink(String path) {
    return forPath(path).readLink(path);
  }

  @Override
  public boolean exists(String path) {
    return forPath(path).exists(path);
  }

  @Override
  public String createTempFile(String prefix, String content) {
    return real.createTempFile(prefix, content);
  }

  @Override
  public boolean createExclusive(String path, String content) {
    return forPath(path).createExclusive(path, content);
  }

  @Override
  public void deleteFile(String path) {
    forPath(path).deleteFile(path);
  }

  @Override
  public HostClock clock() {
    return real.clock();
  }

  @Override
  public void connectAhead() {
    real.connectAhead();
  }
}
