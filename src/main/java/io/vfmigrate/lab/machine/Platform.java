package io.vfmigrate.lab.machine;

import io.vfmigrate.lab.state.CpuSpec;
import io.vfmigrate.lab.state.DiskSpec;
import io.vfmigrate.lab.state.FirewallSpec;
import io.vfmigrate.lab.state.HostSpec;
import io.vfmigrate.lab.state.LabSpec;
import io.vfmigrate.lab.state.VmSpec;
import io.vfmigrate.model.ByteSize;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The platform facts of the general migration prerequisites, with the lab's defaults (which pass
 * them all): host CPUs and what libvirt's CPU comparison makes of a VM's CPU, machine types, free
 * memory, firewalld, SSH trust between hosts, and the filesystems under VM disks. Reads only.
 */
public final class Platform {
  /** statfs magic numbers: NFS (shared), XFS (RHEL's local default). */
  public static final long NFS_MAGIC = 0x6969L;

  public static final long XFS_MAGIC = 0x58465342L;

  private static final String DEFAULT_MEMORY_FREE = "480GiB";
  private static final List<String> DEFAULT_HOST_FEATURES =
      List.of(
          "ss",
          "vmx",
          "pdcm",
          "hypervisor",
          "tsc_adjust",
          "avx512ifma",
          "sha-ni",
          "umip",
          "waitpkg",
          "rdpid",
          "fsrm",
          "md-clear",
          "serialize",
          "arch-capabilities",
          "xsaves",
          "pdpe1gb",
          "invtsc");

  /** Intel models in order; a model runs on a host whose model is the same or newer. */
  private static final List<String> INTEL =
      List.of(
          "Nehalem",
          "Westmere",
          "SandyBridge",
          "IvyBridge",
          "Haswell",
          "Broadwell",
          "Skylake-Server",
          "Cascadelake-Server",
          "Icelake-Server",
          "SapphireRapids",
          "GraniteRapids");

  /** The features each Intel model adds over the one before (libvirt's x86 CPU map, in brief). */
  private static final Map<String, List<String>> ADDS =
      Map.of(
          "Haswell", List.of("avx2", "bmi1", "bmi2", "fma", "movbe", "invpcid"),
          "Broadwell", List.of("adx", "rdseed", "smap"),
          "Skylake-Server",
              List.of("avx512f", "avx512dq", "avx512cd", "avx512bw", "avx512vl", "clwb"),
          "Cascadelake-Server", List.of("avx512vnni"),
          "Icelake-Server",
              List.of("avx512vbmi2", "gfni", "vaes", "vpclmulqdq", "avx512bitalg", "la57"),
          "SapphireRapids", List.of("amx-bf16", "amx-tile", "amx-int8", "avx512-fp16", "tsxldtrk"),
          "GraniteRapids", List.of("amx-fp16", "prefetchiti"));

  private Platform() {}

  /**
   * The host's libvirt UUID: the one given, else the one the lab derives from its name (the same as
   * libvirt's migration check uses), without storing it.
   */
  public static String hostUuid(String name, HostSpec host) {
    return host.uuid != null
        ? host.uuid
        : java.util
            .UUID
            .nameUUIDFromBytes(
                ("vfmigrate-lab-host:" + name).getBytes(java.nio.charset.StandardCharsets.UTF_8))
            .toString();
  }

  /** The host's CPU (default: the same SapphireRapids on every host). */
  public static CpuSpec hostCpu(HostSpec host) {
    if (host.cpu != null) {
      return host.cpu;
    }
    CpuSpec cpu = new CpuSpec();
    cpu.vendor = "Intel";
    cpu.model = "SapphireRapids";
    cpu.features = DEFAULT_HOST_FEATURES;
    return cpu;
  }

  /** The VM's CPU (default: host-passthrough). */
  public static CpuSpec vmCpu(VmSpec vm) {
    if (vm.cpu != null) {
      return vm.cpu;
    }
    CpuSpec cpu = new CpuSpec();
    cpu.mode = "host-passthrough";
    return cpu;
  }

  /** The mode of the VM's CPU. */
  public static String vmCpuMode(VmSpec vm) {
    CpuSpec cpu = vmCpu(vm);
    return cpu.mode == null ? (cpu.model == null ? "host-passthrough" : "custom") : cpu.mode;
  }

  /**
   * What a host lacks to run a CPU model with extra features, as libvirt's {@code virCPUCompare}
   * lists them: the features of the newer models and the required features the host does not have;
   * empty when it runs it. A model the lab does not order (qemu64, kvm64, ...) runs anywhere.
   */
  public static List<String> missingFeatures(CpuSpec host, String model, List<String> features) {
    Set<String> missing = new LinkedHashSet<>();
    int h = INTEL.indexOf(host.model);
    int g = model == null ? -1 : INTEL.indexOf(model);
    if (g > h && g >= 0) {
      for (int i = Math.max(h + 1, 0); i <= g; i++) {
        missing.addAll(ADDS.getOrDefault(INTEL.get(i), List.of(INTEL.get(i).toLowerCase())));
      }
    }
    for (String f : features) {
      if (!host.features.contains(f) && !modelHas(host.model, f)) {
        missing.add(f);
      }
    }
    return new ArrayList<>(missing);
  }

  private static boolean modelHas(String model, String feature) {
    int h = INTEL.indexOf(model);
    for (int i = 0; i <= h; i++) {
      if (ADDS.getOrDefault(INTEL.get(i), List.of()).contains(feature)) {
        return true;
      }
    }
    return false;
  }

  /** The machine types QEMU offers on the host: its RHEL release's q35 types and older. */
  public static List<String> machineTypes(HostSpec host) {
    if (host.machineTypes != null) {
      return host.machineTypes;
    }
    String own = DomainLayout.machine(host);
    List<String> out = new ArrayList<>();
    for (String v :
        List.of("8.0.0", "8.2.0", "8.4.0", "8.6.0", "9.0.0", "9.2.0", "9.4.0", "9.6.0")) {
      String type = "pc-q35-rhel" + v;
      out.add(type);
      if (type.equals(own)) {
        break;
      }
    }
    if (!out.contains(own)) {
      out.add(own);
    }
    return out;
  }

  /** The VM's machine type. */
  public static String vmMachine(HostSpec host, VmSpec vm) {
    return vm.machine != null ? vm.machine : DomainLayout.machine(host);
  }

  /** Memory free for new VMs, in KiB. */
  public static long memoryFreeKib(HostSpec host) {
    return ByteSize.parse(host.memoryFree == null ? DEFAULT_MEMORY_FREE : host.memoryFree).bytes()
        / 1024;
  }

  /** firewalld's configuration, when it runs. */
  public static Optional<FirewallSpec> firewall(HostSpec host) {
    return Optional.ofNullable(host.firewall);
  }

  /** Whether {@code from} logs in to lab host {@code to} over SSH without a prompt. */
  public static boolean trusts(HostSpec from, String to) {
    return from.sshTrust == null || from.sshTrust.contains(to);
  }

  /** The VM's disks. */
  public static List<DiskSpec> disks(VmSpec vm) {
    if (vm.disks != null) {
      return vm.disks;
    }
    DiskSpec disk = new DiskSpec();
    disk.source = "/var/lib/libvirt/images/" + vm.name + ".qcow2";
    return List.of(disk);
  }

  /**
   * The statfs magic of the filesystem holding {@code path} on lab host {@code hostName}: NFS for a
   * shared VM disk (on every host), XFS for a local one (on the host whose VM has it), empty for a
   * path that does not exist there. Directories under the images directory are local XFS.
   */
  public static Optional<Long> filesystem(LabSpec lab, String hostName, String path) {
    for (Map.Entry<String, HostSpec> entry : lab.hosts.entrySet()) {
      for (VmSpec vm : entry.getValue().vms) {
        for (DiskSpec disk : disks(vm)) {
          if (path.equals(disk.source)) {
            if (disk.shared) {
              return Optional.of(NFS_MAGIC);
            }
            if (entry.getKey().equals(hostName)) {
              return Optional.of(XFS_MAGIC);
            }
          }
        }
      }
    }
    Matcher dir = LOCAL_DIRS.matcher(path);
    return dir.matches() ? Optional.of(XFS_MAGIC) : Optional.empty();
  }

  private static final Pattern LOCAL_DIRS =
      Pattern.compile("/|/var(/lib(/libvirt(/images)?)?)?/?|/tmp/?|/etc/?|/root/?");
}
