package io.vfmigrate.lab.tools.virsh;

import io.vfmigrate.lab.machine.DomainLayout;
import io.vfmigrate.lab.machine.Platform;
import io.vfmigrate.lab.state.CpuSpec;
import io.vfmigrate.lab.state.DiskSpec;
import io.vfmigrate.lab.state.HostSpec;
import io.vfmigrate.lab.state.InterfaceSpec;
import io.vfmigrate.lab.state.VmSpec;
import io.vfmigrate.model.ByteSize;
import io.vfmigrate.model.PciAddress;
import java.util.Locale;

/**
 * Renders a lab domain as {@code virsh dumpxml} prints it: libvirt's element order and its
 * two-space indentation with single-quoted attributes (src/conf/domain_conf.c virDomainDefFormat),
 * on a q35 machine as virt-install creates it on RHEL 9. The live form adds the domain id, device
 * aliases, the tap device and the agent channel's connection state; {@code --inactive} (and a shut
 * off domain) prints the persistent configuration without them.
 *
 * <p>{@code --migratable} (VIR_DOMAIN_XML_MIGRATABLE) prints what libvirt sends to the destination:
 * as captured from libvirt 9.0 (fixtures/real/dumpxml-migratable.xml against dumpxml-live.xml), no
 * domain id, no {@code <alias>}, no {@code vnetN} target, no runtime channel source or connection
 * state and no {@code <seclabel>}, with the elements left empty written as {@code <x/>}; what the
 * running definition adds beyond the persistent one (the {@code <resource>} partition) stays.
 */
public final class DomainXmlRenderer {
  private final StringBuilder out = new StringBuilder();
  private boolean migratable;

  private DomainXmlRenderer() {}

  public static String render(HostSpec host, VmSpec vm, boolean inactive) {
    DomainXmlRenderer r = new DomainXmlRenderer();
    r.domain(host, vm, !inactive && DomainLayout.active(vm));
    return r.out.toString();
  }

  /** {@code virsh dumpxml --migratable}. */
  public static String migratable(HostSpec host, VmSpec vm) {
    DomainXmlRenderer r = new DomainXmlRenderer();
    r.migratable = true;
    r.domain(host, vm, false);
    return r.out.toString();
  }

  private void line(int indent, String text) {
    out.append("  ".repeat(indent)).append(text).append('\n');
  }

  private void domain(HostSpec host, VmSpec vm, boolean live) {
    int id = DomainLayout.id(host, vm);
    line(0, live ? "<domain type='kvm' id='" + id + "'>" : "<domain type='kvm'>");
    line(1, "<name>" + escape(vm.name) + "</name>");
    line(1, "<uuid>" + DomainLayout.uuid(vm) + "</uuid>");
    long kib = ByteSize.parse(vm.memory).bytes() / 1024;
    line(1, "<memory unit='KiB'>" + kib + "</memory>");
    line(1, "<currentMemory unit='KiB'>" + kib + "</currentMemory>");
    if (vm.hugepages != null) {
      // virDomainMemoryBackingFormat: the page size normalised to KiB.
      line(1, "<memoryBacking>");
      line(2, "<hugepages>");
      line(3, "<page size='" + vm.hugepages + "' unit='KiB'/>");
      line(2, "</hugepages>");
      line(1, "</memoryBacking>");
    }
    line(1, "<vcpu placement='static'>" + vm.vcpus + "</vcpu>");
    if (live || (migratable && DomainLayout.active(vm))) {
      line(1, "<resource>");
      line(2, "<partition>/machine</partition>");
      line(1, "</resource>");
    }
    line(1, "<os>");
    line(
        2, "<type arch='x86_64' machine='" + escape(Platform.vmMachine(host, vm)) + "'>hvm</type>");
    line(2, "<boot dev='hd'/>");
    line(1, "</os>");
    line(1, "<features>");
    line(2, "<acpi/>");
    line(2, "<apic/>");
    if (vm.viommu) {
      line(2, "<ioapic driver='qemu'/>");
    }
    line(1, "</features>");
    cpu(vm);
    line(1, "<clock offset='utc'>");
    line(2, "<timer name='rtc' tickpolicy='catchup'/>");
    line(2, "<timer name='pit' tickpolicy='delay'/>");
    line(2, "<timer name='hpet' present='no'/>");
    line(1, "</clock>");
    line(1, "<on_poweroff>destroy</on_poweroff>");
    line(1, "<on_reboot>restart</on_reboot>");
    line(1, "<on_crash>destroy</on_crash>");
    line(1, "<devices>");
    line(2, "<emulator>/usr/libexec/qemu-kvm</emulator>");
    disk(vm, live);
    line(2, "<controller type='virtio-serial' index='0'>");
    if (live) {
      line(3, "<alias name='virtio-serial0'/>");
    }
    line(3, guestAddress(DomainLayout.serialBus(vm)));
    line(2, "</controller>");
    int net = 0;
    int hostdev = 0;
    for (InterfaceSpec iface : vm.interfaces) {
      if (DomainLayout.isHostdev(iface)) {
        hostdevInterface(vm, iface, live, hostdev++);
      } else {
        virtioInterface(vm, iface, live, net++);
      }
    }
    channel(vm, live, id);
    if (vm.viommu) {
      line(2, "<iommu model='intel'/>");
    }
    line(1, "</devices>");
    if (live) {
      seclabels(id);
    }
    line(0, "</domain>");
  }

  /** The VM's {@code <cpu>}: host-passthrough (the default), host-model, or a named model. */
  private void cpu(VmSpec vm) {
    String mode = Platform.vmCpuMode(vm);
    if (mode.equals("host-passthrough")) {
      line(1, "<cpu mode='host-passthrough' check='none' migratable='on'/>");
      return;
    }
    if (mode.equals("host-model")) {
      line(1, "<cpu mode='host-model' check='partial'/>");
      return;
    }
    CpuSpec cpu = Platform.vmCpu(vm);
    line(1, "<cpu mode='custom' match='exact' check='full'>");
    line(2, "<model fallback='forbid'>" + escape(cpu.model) + "</model>");
    for (String f : cpu.features) {
      line(2, "<feature policy='require' name='" + escape(f) + "'/>");
    }
    line(1, "</cpu>");
  }

  private void disk(VmSpec vm, boolean live) {
    int n = 0;
    for (DiskSpec d : Platform.disks(vm)) {
      line(2, "<disk type='file' device='disk'>");
      line(3, "<driver name='qemu' type='qcow2' cache='" + escape(d.cache) + "'/>");
      String file = escape(d.source);
      line(
          3,
          live
              ? "<source file='" + file + "' index='" + (n + 1) + "'/>"
              : "<source file='" + file + "'/>");
      if (live) {
        line(3, "<backingStore/>");
      }
      line(3, "<target dev='" + escape(d.target) + "' bus='virtio'/>");
      if (live) {
        line(3, "<alias name='virtio-disk" + n + "'/>");
      }
      if (n == 0) {
        line(3, guestAddress(DomainLayout.diskBus(vm)));
      }
      line(2, "</disk>");
      n++;
    }
  }

  private void virtioInterface(VmSpec vm, InterfaceSpec iface, boolean live, int n) {
    boolean bridge = iface.source != null && iface.source.matches("(virbr|br).*");
    line(2, "<interface type='" + (bridge ? "bridge" : "network") + "'>");
    line(3, "<mac address='" + iface.mac + "'/>");
    if (bridge) {
      line(3, "<source bridge='" + escape(iface.source) + "'/>");
    } else {
      String network = iface.source == null ? "default" : escape(iface.source);
      line(
          3,
          live
              ? "<source network='" + network + "' bridge='virbr0'/>"
              : "<source network='" + network + "'/>");
    }
    if (live) {
      line(3, "<target dev='vnet" + n + "'/>");
    }
    line(3, "<model type='virtio'/>");
    if (live) {
      line(3, "<alias name='net" + n + "'/>");
    }
    line(3, guestAddress(DomainLayout.guestBus(vm, iface)));
    line(2, "</interface>");
  }

  private void hostdevInterface(VmSpec vm, InterfaceSpec iface, boolean live, int n) {
    line(2, "<interface type='hostdev' managed='yes'>");
    line(3, "<mac address='" + iface.mac + "'/>");
    line(3, "<driver name='vfio'/>");
    line(3, "<source>");
    PciAddress pci = PciAddress.parse(iface.pci);
    line(
        4,
        String.format(
            Locale.ROOT,
            "<address type='pci' domain='0x%04x' bus='0x%02x' slot='0x%02x' function='0x%x'/>",
            pci.domain(),
            pci.bus(),
            pci.slot(),
            pci.function()));
    line(3, "</source>");
    if (live) {
      line(3, "<alias name='hostdev" + n + "'/>");
    }
    line(3, guestAddress(DomainLayout.guestBus(vm, iface)));
    line(2, "</interface>");
  }

  /** virt-install always adds the agent channel; its state says whether qemu-ga answers. */
  private void channel(VmSpec vm, boolean live, int id) {
    line(2, "<channel type='unix'>");
    if (live) {
      line(
          3,
          "<source mode='bind' path='/run/libvirt/qemu/channel/"
              + id
              + "-"
              + escape(vm.name)
              + "/org.qemu.guest_agent.0'/>");
      line(
          3,
          "<target type='virtio' name='org.qemu.guest_agent.0' state='"
              + (vm.guestAgent && "running".equals(vm.state) ? "connected" : "disconnected")
              + "'/>");
      line(3, "<alias name='channel0'/>");
    } else {
      if (!migratable) {
        line(3, "<source mode='bind'/>");
      }
      line(3, "<target type='virtio' name='org.qemu.guest_agent.0'/>");
    }
    line(3, "<address type='virtio-serial' controller='0' bus='0' port='1'/>");
    line(2, "</channel>");
  }

  private void seclabels(int id) {
    String category = String.format(Locale.ROOT, "s0:c%d,c%d", 100 + id, 500 + id);
    line(1, "<seclabel type='dynamic' model='selinux' relabel='yes'>");
    line(2, "<label>system_u:system_r:svirt_t:" + category + "</label>");
    line(2, "<imagelabel>system_u:object_r:svirt_image_t:" + category + "</imagelabel>");
    line(1, "</seclabel>");
    line(1, "<seclabel type='dynamic' model='dac' relabel='yes'>");
    line(2, "<label>+107:+107</label>");
    line(2, "<imagelabel>+107:+107</imagelabel>");
    line(1, "</seclabel>");
  }

  private static String guestAddress(int bus) {
    return String.format(
        Locale.ROOT,
        "<address type='pci' domain='0x0000' bus='0x%02x' slot='0x00' function='0x0'/>",
        bus);
  }

  private static String escape(String text) {
    return text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("'", "&apos;");
  }
}
