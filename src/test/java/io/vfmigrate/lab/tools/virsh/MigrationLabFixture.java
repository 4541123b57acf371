package io.vfmigrate.lab.tools.virsh;

import io.vfmigrate.lab.Lab;
import io.vfmigrate.lab.LabStore;
import io.vfmigrate.lab.machine.LabTopology;
import io.vfmigrate.lab.state.HostSpec;
import io.vfmigrate.lab.state.InterfaceSpec;
import io.vfmigrate.lab.state.LabSpec;
import io.vfmigrate.lab.state.NicSpec;
import io.vfmigrate.lab.state.VfSpec;
import io.vfmigrate.lab.state.VmSpec;
import io.vfmigrate.model.PciAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The built-in lab after the procedure's preparation, set directly in the state (the other
 * emulators are not needed): both hosts in switchdev with four VFs; on src, VF 0 is bound to
 * mlx5_vfio_pci, migratable and attached to vm1; on dst, VFs 1 and 2 are prepared the same way. The
 * XML file that points vm1's interface at dst's VF 1 is in src's temporary files.
 */
public final class MigrationLabFixture {
  static final String MAC = "52:54:00:aa:bb:01";
  static final String SRC_VF = "0000:e1:00.1";
  static final String DST_VF = "0000:e1:00.2";
  static final String XML_FILE = "/tmp/vfmigrate-vm1-dst.xml";
  static final String DST_URI = "qemu+ssh://192.0.2.12/system";

  private MigrationLabFixture() {}

  static Lab prepared() {
    return prepared(spec -> {});
  }

  static Lab prepared(Consumer<LabSpec> change) {
    LabSpec spec = LabStore.defaultSpec();
    for (HostSpec host : spec.hosts.values()) {
      NicSpec nic = host.nics.get(0);
      nic.eswitch = "switchdev";
      nic.numVfs = 4;
      for (int i = 0; i < 4; i++) {
        VfSpec vf = new VfSpec();
        vf.index = i;
        vf.pci = LabTopology.vfPci(nic, i).toString();
        nic.vfs.add(vf);
      }
      host.services.put("openvswitch", "active");
    }
    prepare(vf(spec, "src", 0));
    prepare(vf(spec, "dst", 1));
    prepare(vf(spec, "dst", 2));
    InterfaceSpec iface = new InterfaceSpec();
    iface.type = "hostdev";
    iface.mac = MAC;
    iface.pci = SRC_VF;
    iface.guestName = "eth1";
    iface.ip = "192.168.3.10/24";
    vm(spec, "src", "vm1").interfaces.add(iface);
    spec.hosts.get("src").files.put(XML_FILE, domainXml("vm1", DST_VF));
    change.accept(spec);
    return new Lab(spec);
  }

  static void prepare(VfSpec vf) {
    vf.driver = "mlx5_vfio_pci";
    vf.detached = true;
    vf.migratable = true;
  }

  static VfSpec vf(LabSpec spec, String host, int index) {
    return spec.hosts.get(host).nics.get(0).vfs.get(index);
  }

  static VmSpec vm(LabSpec spec, String host, String name) {
    return spec.hosts.get(host).vms.stream()
        .filter(v -> v.name.equals(name))
        .findFirst()
        .orElseThrow();
  }

  static List<VmSpec> vms(LabSpec spec, String host) {
    return new ArrayList<>(spec.hosts.get(host).vms);
  }

  /** The live domain XML for the destination, as the migrate workflow writes it. */
  static String domainXml(String name, String vf) {
    PciAddress a = PciAddress.parse(vf);
    return String.format(
        "<domain type='kvm'>%n"
            + "  <name>%s</name>%n"
            + "  <memory unit='KiB'>8388608</memory>%n"
            + "  <devices>%n"
            + "    <interface type='virtio'>%n"
            + "      <mac address='52:54:00:11:22:33'/>%n"
            + "    </interface>%n"
            + "    <interface type='hostdev' managed='yes'>%n"
            + "      <mac address='%s'/>%n"
            + "      <source>%n"
            + "        <address type='pci' domain='0x%04x' bus='0x%02x' slot='0x%02x'"
            + " function='0x%x'/>%n"
            + "      </source>%n"
            + "    </interface>%n"
            + "  </devices>%n"
            + "</domain>%n",
        name, MAC, a.domain(), a.bus(), a.slot(), a.function());
  }

  /** {@code virsh migrate} as the migrate workflow runs it. */
  static List<String> migrateArgv() {
    return List.of(
        "virsh",
        "migrate",
        "--live",
        "--persistent",
        "--undefinesource",
        "--verbose",
        "--xml",
        XML_FILE,
        "vm1",
        DST_URI);
  }
}
