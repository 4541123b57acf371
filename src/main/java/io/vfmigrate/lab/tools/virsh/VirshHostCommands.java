package io.vfmigrate.lab.tools.virsh;

import io.vfmigrate.lab.machine.Hugepages;
import io.vfmigrate.lab.machine.Platform;
import io.vfmigrate.lab.machine.migration.MigrationTarget;
import io.vfmigrate.lab.state.CpuSpec;
import io.vfmigrate.lab.state.HostSpec;
import io.vfmigrate.lab.tools.LabContext;
import io.vfmigrate.lab.tools.ToolOutput;
import io.vfmigrate.lab.tools.virsh.VirshCommandLine.Opt;
import io.vfmigrate.model.XmlTree;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.w3c.dom.Element;

/**
 * The virsh commands that describe a host ({@code tools/virsh-host.c}): {@code capabilities},
 * {@code domcapabilities}, {@code hypervisor-cpu-compare}, {@code nodememstats}, {@code freepages},
 * and {@code uri}, which with {@code -c URI} shows whether the host reaches that libvirt (over the
 * lab's link, with the host's SSH trust). Formats as captured from libvirt 9.0 (fixtures/real).
 */
final class VirshHostCommands {
  static final String EMULATOR = "/usr/libexec/qemu-kvm";

  private static final Map<String, List<Opt>> OPTIONS =
      Map.of(
          "capabilities", List.of(Opt.flag("xpath"), Opt.flag("wrap")),
          "domcapabilities",
              List.of(
                  Opt.string("virttype"),
                  Opt.string("emulatorbin"),
                  Opt.string("arch"),
                  Opt.string("machine")),
          "nodememstats", List.of(Opt.string("cell")),
          "freepages", List.of(Opt.string("cellno"), Opt.string("pagesize"), Opt.flag("all")),
          "uri", List.of(),
          "hypervisor-cpu-compare",
              List.of(
                  Opt.data("file"),
                  Opt.string("virttype"),
                  Opt.string("emulator"),
                  Opt.string("arch"),
                  Opt.string("machine"),
                  Opt.flag("error"),
                  Opt.flag("validate")));

  /** The names under which a process opens its standard input. */
  private static final List<String> STDIN_NAMES =
      List.of("/dev/stdin", "/dev/fd/0", "/proc/self/fd/0");

  private VirshHostCommands() {}

  static boolean handles(String command) {
    return OPTIONS.containsKey(command);
  }

  static ToolOutput run(
      LabContext context,
      Optional<String> uri,
      String command,
      List<String> args,
      boolean quiet,
      Optional<String> stdin) {
    VirshCommandLine line;
    try {
      line = VirshCommandLine.parse(command, OPTIONS.get(command), args);
    } catch (VirshCommandLine.UsageException e) {
      return ToolOutput.error(1, "error: " + e.getMessage() + "\n");
    }
    VirshSession session = new VirshSession(context, quiet);
    MigrationTarget.Connection c =
        uri.isEmpty()
            ? MigrationTarget.connect(context, "qemu:///system")
            : MigrationTarget.connect(context, uri.get());
    if (c.host().isEmpty()) {
      session.error("failed to connect to the hypervisor");
      session.error(c.error());
      return session.finish();
    }
    VirshSession s = new VirshSession(c.host().get(), quiet);
    switch (command) {
      case "capabilities" -> s.print(capabilities(c.host().get()));
      case "domcapabilities" -> DomainCapabilitiesXml.print(s, line);
      case "nodememstats" -> nodememstats(s);
      case "freepages" -> freepages(s, line);
      case "uri" -> s.print(uri.orElse("qemu:///system") + "\n");
      default -> {
        return compare(s, line, stdin);
      }
    }
    return s.finish();
  }

  private static String capabilities(LabContext host) {
    HostSpec h = host.host();
    CpuSpec cpu = Platform.hostCpu(h);
    StringBuilder x = new StringBuilder("<capabilities>\n\n  <host>\n");
    x.append("    <uuid>").append(Platform.hostUuid(host.hostName(), h)).append("</uuid>\n");
    x.append("    <cpu>\n      <arch>x86_64</arch>\n");
    x.append("      <model>").append(cpu.model).append("</model>\n");
    x.append("      <vendor>").append(cpu.vendor).append("</vendor>\n");
    x.append("      <topology sockets='1' dies='1' cores='32' threads='2'/>\n");
    for (String f : cpu.features) {
      x.append("      <feature name='").append(f).append("'/>\n");
    }
    for (String size : List.of("4", "2048", "1048576")) {
      x.append("      <pages unit='KiB' size='").append(size).append("'/>\n");
    }
    x.append("    </cpu>\n    <power_management/>\n");
    x.append("    <iommu support='").append(h.iommu ? "yes" : "no").append("'/>\n");
    x.append("    <migration_features>\n      <live/>\n      <uri_transports>\n");
    x.append("        <uri_transport>tcp</uri_transport>\n");
    x.append("        <uri_transport>rdma</uri_transport>\n");
    x.append("      </uri_transports>\n    </migration_features>\n  </host>\n\n");
    x.append("  <guest>\n    <os_type>hvm</os_type>\n    <arch name='x86_64'>\n");
    x.append("      <wordsize>64</wordsize>\n      <emulator>").append(EMULATOR);
    x.append("</emulator>\n");
    List<String> machines = Platform.machineTypes(h);
    for (String m : machines) {
      x.append("      <machine maxCpus='710'>").append(m).append("</machine>\n");
    }
    String own = machines.get(machines.size() - 1);
    x.append("      <machine canonical='").append(own).append("' maxCpus='710'>q35</machine>\n");
    x.append("      <domain type='qemu'/>\n      <domain type='kvm'/>\n    </arch>\n");
    x.append("    <features>\n      <acpi default='on' toggle='yes'/>\n");
    x.append("      <apic default='on' toggle='no'/>\n      <cpuselection/>\n");
    x.append("      <deviceboot/>\n      <disksnapshot default='on' toggle='no'/>\n");
    x.append("    </features>\n  </guest>\n\n</capabilities>\n");
    return x.toString();
  }

  /** {@code %-7s: %12llu KiB} per field; the lab's page cache and buffers are small and fixed. */
  private static void nodememstats(VirshSession s) {
    long free = Platform.memoryFreeKib(s.context().host());
    long buffers = 6256;
    long cached = 392884;
    long total = free + buffers + cached + 16L * 1024 * 1024;
    s.print(String.format("%-7s: %12d KiB%n", "total", total).replace("\r", ""));
    s.print(String.format("%-7s: %12d KiB%n", "free", free).replace("\r", ""));
    s.print(String.format("%-7s: %12d KiB%n", "buffers", buffers).replace("\r", ""));
    s.print(String.format("%-7s: %12d KiB%n", "cached", cached).replace("\r", ""));
  }

  /**
   * One NUMA node: 4 KiB pages hold the free memory, the hugepage sizes the host's {@code
   * hugepages} (free counts, less what its hugepage-backed VMs hold).
   */
  private static void freepages(VirshSession s, VirshCommandLine line) {
    HostSpec host = s.context().host();
    long free = Platform.memoryFreeKib(host);
    List<Long> sizes = new ArrayList<>(Hugepages.sizes(host));
    Optional<String> asked = line.value("pagesize");
    if (asked.isPresent()) {
      long kib;
      try {
        kib =
            io.vfmigrate.model.ByteSize.parse(
                        asked.get().matches("\\d+") ? asked.get() + "KiB" : asked.get())
                    .bytes()
                / 1024;
      } catch (RuntimeException e) {
        s.error("Invalid --pagesize value: " + asked.get());
        return;
      }
      sizes = List.of(kib);
    }
    s.print("Node 0:\n");
    for (long size : sizes) {
      long count = size == 4 ? free / 4 : Hugepages.free(host, size);
      s.print(size + "KiB: " + count + "\n");
    }
    s.print("\n");
  }

  private static ToolOutput compare(VirshSession s, VirshCommandLine line, Optional<String> stdin) {
    String file = line.required("file");
    // virsh reads FILE with virFileReadAll, so /dev/stdin reads its standard input (nothing when
    // it has none).
    String xml = STDIN_NAMES.contains(file) ? stdin.orElse("") : s.context().host().files.get(file);
    if (xml == null) {
      s.error("Failed to open file '" + file + "': No such file or directory");
      return s.finish();
    }
    Optional<Element> cpu = cpuOf(xml);
    if (cpu.isEmpty()) {
      s.error(
          "File '"
              + file
              + "' does not contain any <cpu> element or valid domain XML, host capabilities XML,"
              + " or domain capabilities XML");
      return s.finish();
    }
    Optional<String> machine = line.value("machine");
    if (machine.isPresent()
        && !Platform.machineTypes(s.context().host()).contains(machine.get())
        && !machine.get().equals("q35")) {
      s.error("Failed to compare hypervisor CPU with " + file);
      s.error(
          "invalid argument: the machine '"
              + machine.get()
              + "' is not supported by emulator '"
              + EMULATOR
              + "'");
      return s.finish();
    }
    String mode = cpu.get().hasAttribute("mode") ? cpu.get().getAttribute("mode") : "custom";
    List<String> missing = List.of();
    if (mode.equals("custom")) {
      List<String> required = new ArrayList<>();
      for (Element f : XmlTree.children(cpu.get(), "feature")) {
        String policy = f.getAttribute("policy");
        if (policy.isEmpty() || policy.equals("require") || policy.equals("force")) {
          required.add(f.getAttribute("name"));
        }
      }
      missing =
          Platform.missingFeatures(
              Platform.hostCpu(s.context().host()),
              XmlTree.text(cpu.get(), "model").orElse(null),
              required);
    }
    if (missing.isEmpty()) {
      s.print(
          "The CPU provided by hypervisor on the host is a superset of CPU described in "
              + file
              + "\n");
      return s.finish();
    }
    if (!line.flag("error")) {
      return ToolOutput.of(
          1,
          "CPU described in "
              + file
              + " is incompatible with the CPU provided by hypervisor on the host\n\n",
          "");
    }
    s.error("Failed to compare hypervisor CPU with " + file);
    s.error(
        "the CPU is incompatible with host CPU: Host CPU does not provide required features: "
            + String.join(", ", missing));
    return s.finish();
  }

  /** The {@code <cpu>} of a domain XML, or a bare {@code <cpu>} document. */
  private static Optional<Element> cpuOf(String xml) {
    try {
      Element root = XmlTree.root(xml, IllegalArgumentException::new);
      return root.getTagName().equals("cpu") ? Optional.of(root) : XmlTree.child(root, "cpu");
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
