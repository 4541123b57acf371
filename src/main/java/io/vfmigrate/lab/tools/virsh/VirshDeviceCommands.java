package io.vfmigrate.lab.tools.virsh;

import io.vfmigrate.lab.machine.DomainHostdevs;
import io.vfmigrate.lab.machine.DomainLayout;
import io.vfmigrate.lab.machine.Domains;
import io.vfmigrate.lab.machine.LabTopology;
import io.vfmigrate.lab.machine.NodedevDetachDriver;
import io.vfmigrate.lab.machine.PciBus;
import io.vfmigrate.lab.state.HostSpec;
import io.vfmigrate.lab.state.InterfaceSpec;
import io.vfmigrate.lab.state.VmSpec;
import io.vfmigrate.lab.tools.agent.AgentReply;
import io.vfmigrate.lab.tools.agent.AgentResponder;
import io.vfmigrate.model.InvalidInputException;
import io.vfmigrate.model.PciAddress;
import java.util.Locale;
import java.util.Optional;

/**
 * The virsh commands that move VFs between the host and its domains, and those that reach into the
 * guest: nodedev-detach/-reattach (tools/virsh-nodedev.c), attach-device/detach-device
 * (tools/virsh-domain.c), qemu-agent-command and domifaddr (virsh-domain-monitor.c).
 *
 * <p>Over 300 lines: six commands, each with libvirt's own refusals, which are rendered here; the
 * state they change goes through the machine (PciBus, Domains).
 */
public final class VirshDeviceCommands {
  private final AgentResponder agent;

  public VirshDeviceCommands(AgentResponder agent) {
    this.agent = agent;
  }

  public void nodedevDetach(VirshSession session, VirshCommandLine line) {
    String name = line.required("device");
    HostSpec host = session.context().host();
    Optional<LabTopology.VfRef> vf = nodedev(session, name);
    if (vf.isEmpty()) {
      return;
    }
    NodedevDetachDriver.Outcome driver = NodedevDetachDriver.of(host, line.value("driver"));
    if (driver.error().isPresent() && !driver.atBind()) {
      detachFailed(session, name, driver.error().get());
      return;
    }
    PciAddress pci = PciAddress.parse(vf.get().vf().pci);
    Optional<VmSpec> user = DomainHostdevs.user(host, pci);
    if (user.isPresent()) {
      detachFailed(session, name, DomainHostdevs.inUse(pci, user.get()));
      return;
    }
    if (driver.error().isPresent()) {
      detachFailed(session, name, driver.error().get());
      return;
    }
    PciBus.detach(vf.get().vf(), driver.driver().orElseThrow());
    session.printExtra("Device " + name + " detached\n");
  }

  /** virsh-nodedev.c cmdNodeDeviceDetach's line, then the libvirt error virsh reports. */
  private static void detachFailed(VirshSession session, String name, String error) {
    session.error("Failed to detach device " + name);
    session.error(error);
  }

  public void nodedevReattach(VirshSession session, VirshCommandLine line) {
    String name = line.required("device");
    Optional<LabTopology.VfRef> vf = nodedev(session, name);
    if (vf.isEmpty()) {
      return;
    }
    PciAddress pci = PciAddress.parse(vf.get().vf().pci);
    Optional<VmSpec> user = DomainHostdevs.user(session.context().host(), pci);
    if (user.isPresent()) {
      session.error("Failed to re-attach device " + name);
      session.error(DomainHostdevs.inUse(pci, user.get()));
      return;
    }
    DomainHostdevs.returnToHost(vf.get().vf());
    session.printExtra("Device " + name + " re-attached\n");
  }

  /** The VF behind a node device name, or virsh's two-line "not found" error. */
  private static Optional<LabTopology.VfRef> nodedev(VirshSession session, String name) {
    Optional<LabTopology.VfRef> vf = Optional.empty();
    try {
      vf = LabTopology.vf(session.context().host(), PciAddress.fromNodedevName(name));
    } catch (InvalidInputException e) {
      // Not a PCI node device name: libvirt finds nothing either.
    }
    if (vf.isEmpty()) {
      session.error("Could not find matching device '" + name + "'");
      session.error("Node device not found: no node device with matching name '" + name + "'");
    }
    return vf;
  }

  /** Which of the domain's definitions a device command changes (virsh's flag rules). */
  private record Affect(boolean live, boolean config) {}

  private static Optional<Affect> affect(VirshSession session, VirshCommandLine line, VmSpec vm) {
    boolean persistent = line.flag("persistent");
    boolean current = line.flag("current");
    boolean live = line.flag("live");
    boolean config = line.flag("config");
    if (persistent && current) {
      session.error("Options --persistent and --current are mutually exclusive");
      return Optional.empty();
    }
    if (current && (live || config)) {
      session.error(
          "Options --current and --" + (live ? "live" : "config") + " are mutually exclusive");
      return Optional.empty();
    }
    boolean active = DomainLayout.active(vm);
    boolean none = !live && !config && !persistent;
    return Optional.of(
        new Affect(
            live || (persistent && active) || (none && active),
            config || persistent || (none && !active)));
  }

  public void attach(VirshSession session, VirshCommandLine line, VmSpec vm) {
    Optional<Affect> affect = affect(session, line, vm);
    String file = line.required("file");
    Optional<DomainDeviceXml> device = readDevice(session, file, "attach");
    if (affect.isEmpty() || device.isEmpty()) {
      return;
    }
    Optional<String> refusal =
        attachRefusal(session.context().host(), vm, device.get(), affect.get());
    if (refusal.isPresent()) {
      session.error("Failed to attach device from " + file);
      session.error(refusal.get());
      return;
    }
    HostSpec host = session.context().host();
    PciAddress pci = device.get().sourcePci().orElseThrow();
    Domains.attachHostdev(vm, device.get().mac().orElseGet(() -> generatedMac(vm)), pci);
    if (affect.get().live() && device.get().managed()) {
      LabTopology.vf(host, pci).ifPresent(ref -> DomainHostdevs.bindToGuestDriver(host, ref.vf()));
    }
    session.printExtra("Device attached successfully\n");
  }

  private static Optional<String> attachRefusal(
      HostSpec host, VmSpec vm, DomainDeviceXml device, Affect affect) {
    if (!device.element().equals("interface") || !device.type().equals(DomainLayout.HOSTDEV)) {
      return Optional.of(
          "Operation not supported: the lab emulates hot-plug of <interface type='hostdev'>"
              + " only");
    }
    if (affect.live() && !DomainLayout.active(vm)) {
      return Optional.of("Requested operation is not valid: domain is not running");
    }
    if (device.sourcePci().isEmpty()) {
      return Optional.of("XML error: missing PCI address of the hostdev source");
    }
    if (device.mac().isPresent()) {
      String mac = device.mac().get();
      if (vm.interfaces.stream().anyMatch(i -> mac.equalsIgnoreCase(i.mac))) {
        // qemuDomainAttachDeviceConfig / virDomainHasNet.
        return Optional.of("invalid argument: network device with mac " + mac + " already exists");
      }
    }
    PciAddress pci = device.sourcePci().get();
    if (LabTopology.vf(host, pci).isEmpty()) {
      return Optional.of(DomainHostdevs.notFound(pci));
    }
    Optional<VmSpec> user = DomainHostdevs.user(host, pci);
    if (user.isPresent() && affect.live()) {
      return Optional.of(DomainHostdevs.inUse(pci, user.get()));
    }
    return Optional.empty();
  }

  /** libvirt's random 52:54:00 address, made predictable for the lab. */
  private static String generatedMac(VmSpec vm) {
    int seed = (vm.name + vm.interfaces.size()).hashCode();
    return String.format(
        Locale.ROOT,
        "52:54:00:%02x:%02x:%02x",
        (seed >> 16) & 0xff,
        (seed >> 8) & 0xff,
        seed & 0xff);
  }

  public void detach(VirshSession session, VirshCommandLine line, VmSpec vm) {
    Optional<Affect> affect = affect(session, line, vm);
    String file = line.required("file");
    Optional<DomainDeviceXml> device = readDevice(session, file, "detach");
    if (affect.isEmpty() || device.isEmpty()) {
      return;
    }
    if (affect.get().live() && !DomainLayout.active(vm)) {
      session.error("Failed to detach device from " + file);
      session.error("Requested operation is not valid: domain is not running");
      return;
    }
    Optional<InterfaceSpec> match =
        vm.interfaces.stream()
            .filter(
                i ->
                    device
                        .get()
                        .mac()
                        .map(m -> m.equalsIgnoreCase(i.mac))
                        .orElse(
                            DomainLayout.isHostdev(i)
                                && i.pci != null
                                && device
                                    .get()
                                    .sourcePci()
                                    .map(p -> p.equals(PciAddress.parse(i.pci)))
                                    .orElse(false)))
            .findFirst();
    if (match.isEmpty()) {
      session.error("Failed to detach device from " + file);
      session.error(
          device
              .get()
              .mac()
              .map(m -> "device not found: no device matching MAC address " + m + " found")
              .orElse("device not found: no matching network device was found"));
      return;
    }
    InterfaceSpec iface = match.get();
    Domains.detachInterface(vm, iface);
    if (affect.get().live() && DomainLayout.isHostdev(iface) && iface.pci != null) {
      LabTopology.vf(session.context().host(), PciAddress.parse(iface.pci))
          .ifPresent(ref -> DomainHostdevs.returnToHost(ref.vf()));
    }
    session.printExtra("Device detached successfully\n");
  }

  /** virFileReadAll on the device file, then the device definition in it. */
  private static Optional<DomainDeviceXml> readDevice(
      VirshSession session, String file, String verb) {
    String text = session.context().host().files.get(file);
    if (text == null) {
      session.error("Failed to open file '" + file + "': No such file or directory");
      return Optional.empty();
    }
    try {
      return Optional.of(DomainDeviceXml.parse(text));
    } catch (DomainDeviceXml.MalformedException e) {
      session.error("Failed to " + verb + " device from " + file);
      session.error(e.getMessage());
      return Optional.empty();
    }
  }

  public void agentCommand(VirshSession session, VirshCommandLine line, VmSpec vm) {
    AgentReply reply = agent.call(session.context(), vm, line.required("cmd"));
    if (reply.json().isPresent()) {
      session.print(reply.json().get() + "\n");
    } else {
      session.error(reply.error().orElse("internal error"));
    }
  }

  /** virsh-domain-monitor.c cmdDomIfAddr. */
  public void domifaddr(VirshSession session, VirshCommandLine line, VmSpec vm) {
    String source = line.value("source").orElse("lease");
    if (!source.equals("lease") && !source.equals("agent") && !source.equals("arp")) {
      session.error("Unknown data source '" + source + "'");
      return;
    }
    if (!DomainLayout.active(vm)) {
      session.error("Failed to query for interfaces addresses");
      session.error("Requested operation is not valid: domain is not running");
      return;
    }
    if (source.equals("agent")) {
      AgentReply probe = agent.call(session.context(), vm, "{\"execute\":\"guest-ping\"}");
      if (probe.error().isPresent()) {
        session.error("Failed to query for interfaces addresses");
        session.error(probe.error().get());
        return;
      }
    }
    session.printExtra(
        String.format(
            Locale.ROOT,
            " %-10s %-20s %-8s     %s\n%s\n",
            "Name",
            "MAC address",
            "Protocol",
            "Address",
            "-".repeat(79)));
    Optional<String> only = line.value("interface");
    boolean full = line.flag("full");
    if (source.equals("agent")) {
      row(session, "lo", "00:00:00:00:00:00", "ipv4", "127.0.0.1/8", true, only);
      row(session, "lo", "00:00:00:00:00:00", "ipv6", "::1/128", full, only);
    }
    int vnet = 0;
    for (InterfaceSpec iface : vm.interfaces) {
      String name;
      if (source.equals("agent")) {
        name = iface.guestName;
      } else if (DomainLayout.isHostdev(iface)) {
        continue;
      } else {
        name = "vnet" + vnet++;
      }
      if (name == null) {
        continue;
      }
      if (iface.ip == null) {
        if (only.isEmpty() || only.get().equals(name)) {
          session.print(
              String.format(
                  Locale.ROOT,
                  " %-10s %-17s    %-12s %s\n",
                  name,
                  iface.mac == null ? "N/A" : iface.mac,
                  "N/A",
                  "N/A"));
        }
        continue;
      }
      row(session, name, iface.mac, "ipv4", iface.ip, true, only);
    }
  }

  private static void row(
      VirshSession session,
      String name,
      String mac,
      String type,
      String address,
      boolean first,
      Optional<String> only) {
    if (only.isPresent() && !only.get().equals(name)) {
      return;
    }
    session.print(
        String.format(
            Locale.ROOT,
            " %-10s %-17s    %-12s %s\n",
            first ? name : "-",
            first ? mac : "-",
            type,
            address));
  }
}
