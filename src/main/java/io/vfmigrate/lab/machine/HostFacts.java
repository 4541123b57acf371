package io.vfmigrate.lab.machine;

import io.vfmigrate.lab.state.HostSpec;
import io.vfmigrate.lab.state.NicSpec;
import io.vfmigrate.lab.state.VfSpec;
import io.vfmigrate.lab.state.VmSpec;
import io.vfmigrate.lab.tools.LabContext;
import io.vfmigrate.lab.tools.ToolOutput;
import io.vfmigrate.model.PciAddress;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Facts about an emulated host that several emulators need: package versions, kernel features. */
public final class HostFacts {
  public static final String DEFAULT_RELEASE = "1.el9";
  private static final Pattern UPSTREAM = Pattern.compile("(\\d+)\\.(\\d+)(?:\\.\\d+)?(?:[-+].*)?");
  private static final Pattern SHORT_PCI = Pattern.compile("[0-9a-fA-F]{2}:[0-9a-fA-F]{2}\\.[0-7]");

  private HostFacts() {}

  /** Every installed package, name to value ({@code VERSION} or {@code VERSION-RELEASE}). */
  public static Map<String, String> installedPackages(HostSpec host) {
    return Packages.installed(host);
  }

  public static String version(String value) {
    int dash = value.indexOf('-');
    return dash < 0 ? value : value.substring(0, dash);
  }

  public static String release(String value) {
    int dash = value.indexOf('-');
    return dash < 0 ? DEFAULT_RELEASE : value.substring(dash + 1);
  }

  /** Compares dotted numeric versions ({@code 6.2.0} vs {@code 6.10}); non-digits compare as 0. */
  public static int compareVersions(String a, String b) {
    String[] x = a.split("\\.");
    String[] y = b.split("\\.");
    for (int i = 0; i < Math.max(x.length, y.length); i++) {
      int p = i < x.length ? leadingNumber(x[i]) : 0;
      int q = i < y.length ? leadingNumber(y[i]) : 0;
      if (p != q) {
        return Integer.compare(p, q);
      }
    }
    return 0;
  }

  public static boolean atLeast(String version, String minimum) {
    return compareVersions(version, minimum) >= 0;
  }

  private static int leadingNumber(String s) {
    int i = 0;
    while (i < s.length() && Character.isDigit(s.charAt(i))) {
      i++;
    }
    return i == 0 ? 0 : Integer.parseInt(s.substring(0, Math.min(i, 9)));
  }

  /** A RHEL 9 kernel ({@code 5.14.0-427.13.1.el9_4.x86_64}), which carries backported features. */
  public static boolean isRhel9Kernel(String kernel) {
    return kernel.matches("5\\.14\\.0-.*\\.el9.*");
  }

  /** True when the kernel is an upstream release at least {@code major.minor}. */
  public static boolean upstreamAtLeast(String kernel, int major, int minor) {
    Matcher m = UPSTREAM.matcher(kernel);
    if (!m.matches()) {
      return false;
    }
    int maj = Integer.parseInt(m.group(1));
    int min = Integer.parseInt(m.group(2));
    return maj > major || (maj == major && min >= minor);
  }

  /** mlx5_vfio_pci exists in RHEL 9 kernels and upstream since 5.18. */
  public static boolean hasMlx5VfioPci(String kernel) {
    return isRhel9Kernel(kernel) || upstreamAtLeast(kernel, 5, 18);
  }

  /** devlink port function caps (roce, migratable) exist in RHEL 9 kernels and upstream 6.2. */
  public static boolean hasPortFunctionCaps(String kernel) {
    return isRhel9Kernel(kernel) || upstreamAtLeast(kernel, 6, 2);
  }

  /** The RHEL minor release of an el9 kernel ({@code el9_4} gives {@code 9.4}). */
  public static Optional<String> rhelVersion(String kernel) {
    Matcher m = Pattern.compile("\\.el9_(\\d+)").matcher(kernel);
    if (m.find()) {
      return Optional.of("9." + m.group(1));
    }
    return isRhel9Kernel(kernel) ? Optional.of("9.0") : Optional.empty();
  }

  /** Parses a PCI address as the Mellanox tools accept it: full or without the domain. */
  public static Optional<PciAddress> lenientPci(String text) {
    String full = SHORT_PCI.matcher(text).matches() ? "0000:" + text : text;
    try {
      return Optional.of(PciAddress.parse(full));
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }

  /** The PF at that address (full or short form). */
  public static Optional<NicSpec> pf(HostSpec host, String text) {
    return lenientPci(text).flatMap(pci -> LabTopology.nic(host, pci));
  }

  public static String hostname(LabContext context) {
    return context.host().hostname == null ? context.hostName() : context.host().hostname;
  }

  /** True when a running (or paused) domain on this host uses the VF as a hostdev. */
  public static boolean vfInUseByVm(HostSpec host, VfSpec vf) {
    PciAddress pci = PciAddress.parse(vf.pci);
    for (VmSpec vm : host.vms) {
      if ("shut off".equals(vm.state)) {
        continue;
      }
      for (var iface : vm.interfaces) {
        if ("hostdev".equals(iface.type)
            && iface.pci != null
            && lenientPci(iface.pci).map(pci::equals).orElse(false)) {
          return true;
        }
      }
    }
    return false;
  }

  /** What a lab emulator says for a valid invocation it does not model; never a silent success. */
  public static ToolOutput notEmulated(String tool, String what) {
    return ToolOutput.error(
        1, "vfmigrate lab: '" + tool + " " + what + "' is not emulated by the lab\n");
  }
}
