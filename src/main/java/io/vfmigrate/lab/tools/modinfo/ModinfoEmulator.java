package io.vfmigrate.lab.tools.modinfo;

import io.vfmigrate.lab.machine.HostFacts;
import io.vfmigrate.lab.tools.LabContext;
import io.vfmigrate.lab.tools.ToolEmulator;
import io.vfmigrate.lab.tools.ToolOutput;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code modinfo [-F FIELD] MODULE...} (kmod). Each line is {@code key:} padded to 16 columns and
 * the value ({@code tools/modinfo.c}); a module the running kernel does not have gives {@code
 * modinfo: ERROR: Module NAME not found.} on stderr and exit 1. mlx5_vfio_pci exists in RHEL 9
 * kernels and upstream 5.18+; its fields follow drivers/vfio/pci/mlx5/main.c (authors, description,
 * the override-only {@code vfio_pci:} alias) as modinfo lists them (reverse declaration order),
 * then the fields modpost adds. Dependency names keep the dashes of the module files.
 */
public final class ModinfoEmulator implements ToolEmulator {
  private record Module(String path, List<String[]> fields, String depends) {}

  private static final Map<String, Module> MODULES =
      Map.of(
          "mlx5_vfio_pci",
          new Module(
              "kernel/drivers/vfio/pci/mlx5/mlx5-vfio-pci",
              List.of(
                  f("description", "MLX5 VFIO PCI - User Level meta-driver for MLX5 device family"),
                  f("author", "Yishai Hadas <yishaih@nvidia.com>"),
                  f("author", "Max Gurtovoy <mgurtovoy@nvidia.com>"),
                  f("license", "GPL")),
              "mlx5_core,vfio-pci-core,vfio"),
          "mlx5_core",
          new Module(
              "kernel/drivers/net/ethernet/mellanox/mlx5/core/mlx5_core",
              List.of(
                  f("license", "Dual BSD/GPL"),
                  f(
                      "description",
                      "Mellanox 5th generation network adapters (ConnectX series) core"
                          + " driver"),
                  f("author", "Eli Cohen <eli@mellanox.com>")),
              "tls,mlxfw,psample,pci-hyperv-intf"),
          "vfio_pci",
          new Module(
              "kernel/drivers/vfio/pci/vfio-pci",
              List.of(
                  f("description", "VFIO PCI - User Level meta-driver"),
                  f("author", "Alex Williamson <alex.williamson@redhat.com>"),
                  f("license", "GPL v2")),
              "vfio-pci-core"),
          "pci_stub",
          new Module("kernel/drivers/pci/pci-stub", List.<String[]>of(f("license", "GPL")), ""),
          "vfio",
          new Module(
              "kernel/drivers/vfio/vfio",
              List.of(
                  f("description", "VFIO - User Level meta-driver"),
                  f("author", "Alex Williamson <alex.williamson@redhat.com>"),
                  f("license", "GPL v2")),
              "iommufd"));

  private static String[] f(String key, String value) {
    return new String[] {key, value};
  }

  @Override
  public Set<String> programs() {
    return Set.of("modinfo");
  }

  @Override
  public ToolOutput run(LabContext context, List<String> argv, Optional<String> stdin) {
    String field = null;
    List<String> names = new ArrayList<>();
    List<String> args = argv.subList(1, argv.size());
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      if (arg.equals("-F") || arg.equals("--field")) {
        if (i + 1 >= args.size()) {
          return ToolOutput.error(1, "modinfo: option requires an argument -- 'F'\n");
        }
        field = args.get(++i);
      } else if (arg.startsWith("--field=")) {
        field = arg.substring("--field=".length());
      } else if (arg.startsWith("-")) {
        return ToolOutput.error(
            1,
            "modinfo: invalid option -- '"
                + arg.substring(1)
                + "'\nmodinfo: ERROR: unexpected getopt_long() value '"
                + arg.substring(1)
                + "'.\n");
      } else {
        names.add(arg);
      }
    }
    if (names.isEmpty()) {
      return ToolOutput.error(1, "modinfo: ERROR: missing module or filename.\n");
    }
    StringBuilder out = new StringBuilder();
    StringBuilder err = new StringBuilder();
    String kernel = context.host().kernel;
    for (String name : names) {
      String key = name.replace('-', '_');
      Module module = MODULES.get(key);
      if (module == null || (key.equals("mlx5_vfio_pci") && !HostFacts.hasMlx5VfioPci(kernel))) {
        err.append("modinfo: ERROR: Module ").append(name).append(" not found.\n");
        continue;
      }
      for (String[] line : lines(key, module, kernel)) {
        if (field == null) {
          out.append(String.format(Locale.ROOT, "%-16s%s\n", line[0] + ":", line[1]));
        } else if (field.equalsIgnoreCase(line[0])) {
          out.append(line[1]).append('\n');
        }
      }
    }
    return ToolOutput.of(err.length() == 0 ? 0 : 1, out.toString(), err.toString());
  }

  private static List<String[]> lines(String name, Module module, String kernel) {
    boolean rhel = HostFacts.isRhel9Kernel(kernel);
    List<String[]> lines = new ArrayList<>();
    lines.add(
        f("filename", "/lib/modules/" + kernel + "/" + module.path() + (rhel ? ".ko.xz" : ".ko")));
    lines.addAll(module.fields());
    HostFacts.rhelVersion(kernel).ifPresent(v -> lines.add(f("rhelversion", v)));
    lines.add(f("srcversion", srcversion(name, kernel)));
    if (name.equals("mlx5_vfio_pci")) {
      lines.add(f("alias", "vfio_pci:v000015B3d0000101Esv*sd*bc*sc*i*"));
    }
    lines.add(f("depends", module.depends()));
    lines.add(f("retpoline", "Y"));
    lines.add(f("intree", "Y"));
    lines.add(f("name", name));
    lines.add(f("vermagic", kernel + " SMP preempt mod_unload modversions "));
    if (rhel) {
      lines.add(f("sig_id", "PKCS#7"));
      lines.add(f("signer", "Red Hat Enterprise Linux kernel signing key"));
      lines.add(f("sig_key", "1E:9D:6D:0C:51:5B:4C:4A:95:1F:3E:18:42:AA:9E:3F:6D:26:8B:02"));
      lines.add(f("sig_hashalgo", "sha256"));
    }
    return lines;
  }

  /** A stable 23-character hex source checksum, as modpost prints it. */
  private static String srcversion(String name, String kernel) {
    long h = (name + kernel).hashCode() * 0x9E3779B97F4A7C15L;
    String hex = String.format(Locale.ROOT, "%016X%016X", h, Long.rotateLeft(h, 17));
    return hex.substring(0, 23);
  }
}
