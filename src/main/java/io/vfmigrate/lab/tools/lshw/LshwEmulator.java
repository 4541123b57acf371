package io.vfmigrate.lab.tools.lshw;

import io.vfmigrate.lab.machine.HostFacts;
import io.vfmigrate.lab.machine.LabTopology;
import io.vfmigrate.lab.machine.Packages;
import io.vfmigrate.lab.state.HostSpec;
import io.vfmigrate.lab.state.NicSpec;
import io.vfmigrate.lab.state.VfSpec;
import io.vfmigrate.lab.tools.LabContext;
import io.vfmigrate.lab.tools.ToolEmulator;
import io.vfmigrate.lab.tools.ToolOutput;
import io.vfmigrate.model.PciAddress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code lshw -c network -businfo} (lshw B.02.19, src/core/print.cc {@code printbusinfo} and {@code
 * printincolumns}): columns Bus info, Device, Class, Description, each padded to the longest value
 * plus two, the widths computed over every node of the tree even though {@code -c} filters the
 * rows; a separator of {@code =}; rows with an empty bus info (interfaces without a device, such as
 * Open vSwitch's) start with spaces. The non-network nodes model a two-socket rack server with NVMe
 * boot disk, so the widths are those of such a run. Run as root: no warning.
 */
public final class LshwEmulator implements ToolEmulator {
  static final String VERSION = "B.02.19.2";

  /** One node of lshw's tree: bus info, logical name, class, product or description. */
  record Node(String businfo, String devname, String hwClass, String description) {}

  private static final Map<String, String> CLASS_ALIASES =
      Map.of(
          "disc", "disk",
          "cpu", "processor",
          "lan", "network",
          "net", "network",
          "video", "display",
          "sound", "multimedia",
          "modem", "communication");

  @Override
  public Set<String> programs() {
    return Set.of("lshw");
  }

  @Override
  public ToolOutput run(LabContext context, List<String> argv, Optional<String> stdin) {
    Set<String> classes = new HashSet<>();
    boolean businfo = false;
    String otherFormat = null;
    List<String> args = argv.subList(1, argv.size());
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      switch (arg) {
        case "-class", "-C", "-c", "-disable", "-enable" -> {
          if (i + 1 >= args.size()) {
            return usage();
          }
          String value = args.get(++i);
          if (arg.startsWith("-c") || arg.equals("-C")) {
            for (String c : value.split(",")) {
              classes.add(CLASS_ALIASES.getOrDefault(c, c));
            }
          }
        }
        case "-version" -> {
          return ToolOutput.ok(VERSION + "\n");
        }
        case "-help", "--help" -> {
          return ToolOutput.of(0, "", usageText());
        }
        case "-businfo" -> businfo = true;
        case "-quiet", "-verbose", "-sanitize", "-sanitise", "-numeric", "-notime" -> {
          // accepted; they do not change the bus-info table
        }
        case "-json", "-xml", "-html", "-short", "-X" -> otherFormat = arg;
        default -> {
          return usage();
        }
      }
    }
    if (!businfo || otherFormat != null) {
      return HostFacts.notEmulated(
          "lshw", otherFormat != null ? otherFormat : "without -businfo (tree output)");
    }
    return ToolOutput.ok(table(tree(context.host()), classes));
  }

  static String table(List<Node> nodes, Set<String> classes) {
    int l1 = "Bus info".length();
    int l2 = "Device".length();
    int l3 = "Class".length();
    for (Node n : nodes) {
      l1 = Math.max(l1, n.businfo().length());
      l2 = Math.max(l2, n.devname().length());
      l3 = Math.max(l3, n.hwClass().length());
    }
    StringBuilder out = new StringBuilder();
    out.append(pad("Bus info", l1))
        .append(pad("Device", l2))
        .append(pad("Class", l3))
        .append("Description\n");
    out.append("=".repeat(l1 + l2 + l3 + "Description".length() + 6)).append('\n');
    for (Node n : nodes) {
      if (classes.isEmpty() || classes.contains(n.hwClass())) {
        out.append(pad(n.businfo(), l1))
            .append(pad(n.devname(), l2))
            .append(pad(n.hwClass(), l3))
            .append(n.description())
            .append('\n');
      }
    }
    return out.toString();
  }

  private static String pad(String s, int width) {
    return s + " ".repeat(2 + width - s.length());
  }

  /** The host's hardware tree in lshw's depth-first order. */
  static List<Node> tree(HostSpec host) {
    List<Node> nodes = new ArrayList<>();
    nodes.add(new Node("", "", "system", "PowerEdge R760 (SKU=0AFC;ModelName=PowerEdge R760)"));
    nodes.add(new Node("", "", "bus", "0TCMJ1"));
    nodes.add(new Node("", "", "memory", "64KiB BIOS"));
    nodes.add(new Node("cpu@0", "", "processor", "Intel(R) Xeon(R) Gold 6430"));
    nodes.add(new Node("", "", "memory", "2560KiB L1 cache"));
    nodes.add(new Node("", "", "memory", "64MiB L2 cache"));
    nodes.add(new Node("", "", "memory", "60MiB L3 cache"));
    nodes.add(new Node("cpu@1", "", "processor", "Intel(R) Xeon(R) Gold 6430"));
    nodes.add(new Node("", "", "memory", "512GiB System Memory"));
    nodes.add(new Node("pci@0000:00:00.0", "", "bridge", "Ice Lake Memory Map/VT-d"));
    nodes.add(new Node("pci@0000:00:14.0", "", "bus", "Sapphire Rapids USB 3.2 xHCI Controller"));
    nodes.add(new Node("usb@1", "usb1", "bus", "xHCI Host Controller"));
    nodes.add(new Node("pci@0000:00:16.0", "", "communication", "Sapphire Rapids CSME HECI #1"));
    nodes.add(new Node("pci@0000:00:1f.0", "", "bridge", "Emmitsburg LPC/eSPI Controller"));
    nodes.add(
        new Node(
            "pci@0000:02:00.0", "", "display", "Integrated Matrox G200eW3 Graphics Controller"));
    nodes.add(
        new Node(
            "pci@0000:04:00.0", "eno8303", "network", "NetXtreme BCM5720 Gigabit Ethernet PCIe"));
    nodes.add(
        new Node(
            "pci@0000:04:00.1", "eno8403", "network", "NetXtreme BCM5720 Gigabit Ethernet PCIe"));
    nodes.add(new Node("pci@0000:c1:00.0", "/dev/nvme0", "storage", "Dell Ent NVMe P5600 MU U.2"));
    nodes.add(new Node("nvme@0:1", "/dev/nvme0n1", "disk", "NVMe disk"));
    nodes.add(new Node("", "/dev/nvme0n1p1", "volume", "Windows FAT volume"));
    nodes.add(new Node("", "/dev/nvme0n1p2", "volume", "EXT4 volume"));
    nodes.add(new Node("", "/dev/nvme0n1p3", "volume", "LVM Physical Volume"));
    List<NicSpec> nics = new ArrayList<>(host.nics);
    nics.sort(Comparator.comparing(n -> PciAddress.parse(n.pci)));
    for (NicSpec nic : nics) {
      nodes.add(new Node("", "", "bridge", "PCI Express Root Port"));
      nodes.add(
          new Node(
              "pci@" + PciAddress.parse(nic.pci),
              nic.netdev,
              "network",
              LabTopology.productName(nic)));
      List<VfSpec> vfs = new ArrayList<>(nic.vfs);
      vfs.sort(Comparator.comparing(v -> PciAddress.parse(v.pci)));
      for (VfSpec vf : vfs) {
        String dev = "mlx5_core".equals(vf.driver) ? LabTopology.vfNetdev(nic, vf.index) : "";
        nodes.add(
            new Node("pci@" + PciAddress.parse(vf.pci), dev, "network", LabTopology.VF_PRODUCT));
      }
    }
    nodes.add(new Node("", "input0", "input", "Power Button"));
    // Interfaces without a device of their own (Open vSwitch's datapath and bridge ports)
    if (Packages.ovsRunning(host) && !host.ovs.bridges.isEmpty()) {
      nodes.add(new Node("", "ovs-system", "network", "Ethernet interface"));
      for (String bridge : host.ovs.bridges.keySet()) {
        nodes.add(new Node("", bridge, "network", "Ethernet interface"));
      }
    }
    return nodes;
  }

  private static ToolOutput usage() {
    return ToolOutput.error(1, usageText());
  }

  /** lshw's usage() of B.02.19 as RHEL builds it (no SQLite, so no -dump line). */
  static String usageText() {
    return "Hardware Lister (lshw) - "
        + VERSION
        + "\n"
        + "usage: lshw [-format] [-options ...]\n"
        + "       lshw -version\n"
        + "\n"
        + "\t-version        print program version ("
        + VERSION
        + ")\n"
        + "\nformat can be\n"
        + "\t-html           output hardware tree as HTML\n"
        + "\t-xml            output hardware tree as XML\n"
        + "\t-json           output hardware tree as a JSON object\n"
        + "\t-short          output hardware paths\n"
        + "\t-businfo        output bus information\n"
        + "\noptions can be\n"
        + "\t-class CLASS    only show a certain class of hardware\n"
        + "\t-C CLASS        same as '-class CLASS'\n"
        + "\t-c CLASS        same as '-class CLASS'\n"
        + "\t-disable TEST   disable a test (like pci, isapnp, cpuid, etc. )\n"
        + "\t-enable TEST    enable a test (like pci, isapnp, cpuid, etc. )\n"
        + "\t-quiet          don't display status\n"
        + "\t-sanitize       sanitize output (remove sensitive information like serial numbers,"
        + " etc.)\n"
        + "\t-numeric        output numeric IDs (for PCI, USB, etc.)\n"
        + "\t-notime         exclude volatile attributes (timestamps) from output\n"
        + "\n";
  }
}
