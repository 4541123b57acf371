package io.vfmigrate.host;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A real host whose missing ConnectX-7 is supplied by an emulated one: the NIC's tools (mstflint,
 * mstconfig, devlink, lshw, modinfo) and its sysfs go to the emulation, everything else (virsh,
 * QEMU, Open vSwitch, the guest agent, files) to the real host. The real-lab harness uses it, so
 * that libvirt, QEMU and OVS are real while the hardware comes from the lab.
 */
public final class HardwareOverlayHost implements Host {
  /** Programs that talk to the NIC or its firmware. */
  public static final Set<String> HARDWARE_PROGRAMS =
      Set.of("mstflint", "mstconfig", "devlink", "lshw", "modinfo");

  private static final List<String> HARDWARE_PATHS =
      List.of("/sys/bus/pci/", "/sys/kernel/iommu_groups", "/sys/class/net/");

  private final Host real;
  private final Host hardware;

  public HardwareOverlayHost(Host real, Host hardware) {
    this.real = real;
    this.hardware = hardware;
  }

  private Host forProgram(Command command) {
    return HARDWARE_PROGRAMS.contains(command.program()) ? hardware : real;
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

  /** The emulated hardware's reads and the real host's, each as one batch, in order. */
  @Override
  public List<ReadResult> readAll(List<Read> reads) {
    List<Read> toHardware = new java.util.ArrayList<>();
    List<Read> toReal = new java.util.ArrayList<>();
    for (Read r : reads) {
      (forRead(r) == hardware ? toHardware : toReal).add(r);
    }
    java.util.Iterator<ReadResult> fromHardware = hardware.readAll(toHardware).iterator();
    java.util.Iterator<ReadResult> fromReal = real.readAll(toReal).iterator();
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
    return real.createExclusive(path, content);
  }

  @Override
  public void deleteFile(String path) {
    real.deleteFile(path);
  }

  @Override
  public HostClock clock() {
    return real.clock();
  }
}
