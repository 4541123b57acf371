package io.vfmigrate.lab;

import io.vfmigrate.lab.state.CpuSpec;
import io.vfmigrate.lab.state.DiskSpec;
import io.vfmigrate.lab.state.HostSpec;
import io.vfmigrate.lab.state.LabSpec;
import io.vfmigrate.lab.state.VmSpec;
import io.vfmigrate.model.ByteSize;
import io.vfmigrate.model.Names;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The lab fields of the general migration prerequisites, checked when a lab file is loaded: per
 * host {@code cpu}, {@code memory_free}, {@code machine_types}, {@code firewall.open_ports}, {@code
 * ssh_trust}; per VM {@code cpu}, {@code machine}, {@code disks}. Each error names the field and
 * what it takes.
 */
final class PrerequisiteFields {
  /** A CPU model, feature or machine type as libvirt and QEMU name them. */
  private static final Pattern WORD = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.+-]{0,63}");

  /** firewalld's port notation: {@code 49152/tcp}, {@code 49152-49215/tcp}. */
  private static final Pattern PORTS = Pattern.compile("(\\d{1,5})(?:-(\\d{1,5}))?/(tcp|udp|sctp)");

  private static final Pattern DISK_TARGET = Pattern.compile("(vd|sd|hd|xvd)[a-z]{1,3}");

  private static final Set<String> CPU_MODES =
      Set.of("host-model", "host-passthrough", "custom", "maximum");

  private static final Set<String> CACHE_MODES =
      Set.of("none", "writethrough", "writeback", "directsync", "unsafe", "default");

  private PrerequisiteFields() {}

  static void host(LabSpec spec, String origin, String at, HostSpec host) {
    if (host.cpu != null) {
      cpu(origin, at + ".cpu", host.cpu, false);
    }
    if (host.memoryFree != null) {
      LabValidator.field(origin, at + ".memory_free", () -> ByteSize.parse(host.memoryFree));
    }
    if (host.machineTypes != null) {
      if (host.machineTypes.isEmpty()) {
        throw new LabException(
            origin + ": " + at + ".machine_types is empty.",
            "list the machine types QEMU on the host offers, e.g. [pc-q35-rhel9.4.0], or leave it"
                + " out.");
      }
      words(origin, at + ".machine_types", host.machineTypes, "a machine type such as pc-q35-7.2");
    }
    if (host.firewall != null) {
      List<String> ports = host.firewall.openPorts;
      for (int i = 0; i < (ports == null ? 0 : ports.size()); i++) {
        port(origin, at + ".firewall.open_ports[" + i + "]", ports.get(i));
      }
    }
    if (host.sshTrust != null) {
      for (String peer : host.sshTrust) {
        if (peer == null || !spec.hosts.containsKey(peer)) {
          throw new LabException(
              origin
                  + ": "
                  + at
                  + ".ssh_trust names '"
                  + Names.printable(String.valueOf(peer))
                  + "', which is not a host of the lab.",
              "list the lab's host names this host reaches without a prompt: "
                  + String.join(", ", spec.hosts.keySet())
                  + ".");
        }
      }
    }
  }

  static void vm(String origin, String at, VmSpec vm) {
    if (vm.cpu != null) {
      cpu(origin, at + ".cpu", vm.cpu, true);
    }
    if (vm.machine != null) {
      words(origin, at + ".machine", List.of(vm.machine), "a machine type such as pc-q35-7.2");
    }
    if (vm.disks == null) {
      return;
    }
    for (int i = 0; i < vm.disks.size(); i++) {
      DiskSpec d = vm.disks.get(i);
      String diskAt = at + ".disks[" + i + "]";
      if (d == null) {
        throw new LabException(origin + ": " + diskAt + " is empty.", "describe the disk.");
      }
      if (d.target == null || !DISK_TARGET.matcher(d.target).matches()) {
        throw new LabException(
            origin
                + ": "
                + diskAt
                + ".target '"
                + Names.printable(String.valueOf(d.target))
                + "' is not a disk device name.",
            "use the guest's device name, e.g. vda or sdb.");
      }
      if (d.source == null || !d.source.startsWith("/")) {
        throw new LabException(
            origin + ": " + diskAt + ".source must be an absolute path.",
            "give the image file, e.g. /var/lib/libvirt/images/vm1.qcow2.");
      }
      LabValidator.field(origin, diskAt + ".source", () -> Names.path(d.source));
      if (d.cache != null && !CACHE_MODES.contains(d.cache)) {
        throw new LabException(
            origin + ": " + diskAt + ".cache '" + Names.printable(d.cache) + "' is unknown.",
            "use none, writethrough, writeback, directsync or unsafe.");
      }
    }
  }

  private static void cpu(String origin, String at, CpuSpec cpu, boolean guest) {
    if (guest) {
      String mode = cpu.mode == null ? "custom" : cpu.mode;
      if (!CPU_MODES.contains(mode)) {
        throw new LabException(
            origin + ": " + at + ".mode '" + Names.printable(mode) + "' is unknown.",
            "use host-model, host-passthrough or custom.");
      }
      if (mode.equals("custom") && (cpu.model == null || cpu.model.isBlank())) {
        throw new LabException(
            origin + ": " + at + " is custom but names no model.",
            "give the CPU model, e.g. model: Icelake-Server, or use mode: host-model.");
      }
    } else {
      if (cpu.vendor == null || cpu.vendor.isBlank() || cpu.model == null || cpu.model.isBlank()) {
        throw new LabException(
            origin + ": " + at + " needs a vendor and a model.",
            "give both, e.g. {vendor: Intel, model: Icelake-Server, features: [avx512f]}.");
      }
      words(origin, at + ".vendor", List.of(cpu.vendor), "Intel or AMD");
    }
    if (cpu.model != null) {
      words(origin, at + ".model", List.of(cpu.model), "a CPU model such as Icelake-Server");
    }
    if (cpu.features != null) {
      words(origin, at + ".features", cpu.features, "CPU feature names such as avx512f");
    }
  }

  private static void words(String origin, String at, List<String> values, String what) {
    for (String v : values) {
      if (v == null || !WORD.matcher(v).matches()) {
        throw new LabException(
            origin
                + ": "
                + at
                + " has '"
                + Names.printable(String.valueOf(v))
                + "', not "
                + what
                + ".",
            "give " + what + ".");
      }
    }
  }

  private static void port(String origin, String at, String text) {
    java.util.regex.Matcher m = PORTS.matcher(text == null ? "" : text);
    boolean ok = m.matches();
    if (ok) {
      int from = Integer.parseInt(m.group(1));
      int to = m.group(2) == null ? from : Integer.parseInt(m.group(2));
      ok = from >= 1 && to <= 65535 && from <= to;
    }
    if (!ok) {
      throw new LabException(
          origin
              + ": "
              + at
              + " '"
              + Names.printable(String.valueOf(text))
              + "' is not a port range as firewalld writes it (49152/tcp, 49152-49215/tcp).",
          "use firewalld's notation: 49152/tcp or 49152-49215/tcp.");
    }
  }
}
