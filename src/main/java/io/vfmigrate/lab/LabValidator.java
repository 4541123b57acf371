package io.vfmigrate.lab;

import io.vfmigrate.lab.machine.migration.MigrationFaults;
import io.vfmigrate.lab.state.FaultSpec;
import io.vfmigrate.lab.state.HostSpec;
import io.vfmigrate.lab.state.InterfaceSpec;
import io.vfmigrate.lab.state.LabSpec;
import io.vfmigrate.lab.state.NicSpec;
import io.vfmigrate.lab.state.VfSpec;
import io.vfmigrate.lab.state.VmSpec;
import io.vfmigrate.model.Bandwidth;
import io.vfmigrate.model.ByteSize;
import io.vfmigrate.model.FirmwareVersion;
import io.vfmigrate.model.InvalidInputException;
import io.vfmigrate.model.MacAddress;
import io.vfmigrate.model.Names;
import io.vfmigrate.model.PciAddress;
import io.vfmigrate.model.VfMigrationMode;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/** Checks a lab description field by field and names the first bad one precisely. */
final class LabValidator {
  /** language[_territory][.codeset][@modifier], as in LANG. */
  private static final Pattern LOCALE =
      Pattern.compile("[A-Za-z]{1,8}(_[A-Za-z0-9]{2,8})?(\\.[A-Za-z0-9_-]+)?(@[A-Za-z0-9_-]+)?");

  private static final Pattern UUID_FORMAT =
      Pattern.compile(
          "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

  /** The most VFs a lab NIC may offer: far above a ConnectX-7's, within one PCI domain's ids. */
  static final int MAX_VFS = 1024;

  private LabValidator() {}

  static void validate(LabSpec spec, String origin) {
    if (spec.hosts == null || spec.hosts.isEmpty()) {
      throw new LabException(origin + " describes no hosts.", "add hosts under 'hosts:'.");
    }
    field(origin, "link.bandwidth", () -> Bandwidth.parse(spec.link.bandwidth));
    field(origin, "vf_peer", () -> Names.ipv4(spec.vfPeer));
    if (spec.link.channelBandwidth != null) {
      field(origin, "link.channel_bandwidth", () -> Bandwidth.parse(spec.link.channelBandwidth));
    }
    Map<String, String> vmUuids = new HashMap<>();
    Map<String, String> macOwners = new HashMap<>();
    for (Map.Entry<String, HostSpec> entry : spec.hosts.entrySet()) {
      String name = entry.getKey();
      HostSpec host = entry.getValue();
      String at = "hosts." + name;
      field(origin, at, () -> Names.hostName(name));
      if (host == null) {
        throw new LabException(origin + ": " + at + " is empty.", "describe the host.");
      }
      if (host.address == null || host.address.isBlank()) {
        throw new LabException(
            origin + ": " + at + ".address is missing.", "give the host an address.");
      }
      field(origin, at + ".address", () -> Names.address(host.address));
      if (host.hostname != null) {
        field(origin, at + ".hostname", () -> Names.address(host.hostname));
      }
      uuidField(origin, at + ".uuid", host.uuid);
      if (host.locale != null && !LOCALE.matcher(host.locale).matches()) {
        throw new LabException(
            origin
                + ": "
                + at
                + ".locale '"
                + Names.printable(host.locale)
                + "' is not a locale name.",
            "use the form of LANG, e.g. ja_JP.UTF-8 or C.");
      }
      for (int i = 0; i < host.nics.size(); i++) {
        validateNic(origin, at + ".nics[" + i + "]", host.nics.get(i));
      }
      PrerequisiteFields.host(spec, origin, at, host);
      HugepageFields.host(origin, at, host);
      for (int i = 0; i < host.faults.size(); i++) {
        validateMigrationFault(origin, at + ".faults[" + i + "]", host.faults.get(i));
      }
      for (Map.Entry<String, List<String>> bridge : host.ovs.bridges.entrySet()) {
        String bridgeAt = at + ".ovs.bridges." + Names.printable(bridge.getKey());
        field(origin, bridgeAt, () -> Names.bridgeName(bridge.getKey()));
        for (String port : bridge.getValue()) {
          field(origin, bridgeAt, () -> Names.netdevName(port));
        }
      }
      Set<String> hostVms = new HashSet<>();
      for (int i = 0; i < host.vms.size(); i++) {
        VmSpec vm = host.vms.get(i);
        String vmAt = at + ".vms[" + i + "]";
        field(origin, vmAt + ".name", () -> Names.vmName(vm.name));
        if (!hostVms.add(vm.name)) {
          throw new LabException(
              origin + ": VM '" + vm.name + "' is defined twice on host " + name + ".",
              "give every VM of the lab its own name.");
        }
        // One domain may be on two hosts (migrating, or left behind by a migration): same UUID.
        String uuid = uuid(vm);
        String other = vmUuids.putIfAbsent(vm.name, uuid);
        if (other != null && !other.equalsIgnoreCase(uuid)) {
          throw new LabException(
              origin + ": VM '" + vm.name + "' is defined twice.",
              "give every VM of the lab its own name.");
        }
        uuidField(origin, vmAt + ".uuid", vm.uuid);
        field(origin, vmAt + ".memory", () -> memory(vm.memory));
        PrerequisiteFields.vm(origin, vmAt, vm);
        HugepageFields.vm(origin, vmAt, vm);
        if (vm.vcpus < 1) {
          throw new LabException(
              origin + ": " + vmAt + ".vcpus is " + vm.vcpus + ".", "give 1 or more vCPUs.");
        }
        field(origin, vmAt + ".vf_ip", () -> Names.interfaceAddress(vm.vfIp));
        field(origin, vmAt + ".dirty_rate", () -> Bandwidth.parse(vm.dirtyRate));
        if (!Set.of("running", "paused", "shut off").contains(vm.state)) {
          throw new LabException(
              origin + ": " + vmAt + ".state '" + Names.printable(vm.state) + "' is unknown.",
              "use running, paused or shut off.");
        }
        for (int j = 0; j < vm.interfaces.size(); j++) {
          InterfaceSpec iface = vm.interfaces.get(j);
          String ifAt = vmAt + ".interfaces[" + j + "]";
          field(origin, ifAt + ".mac", () -> MacAddress.parse(iface.mac));
          String mac = MacAddress.parse(iface.mac).toString();
          String owner = macOwners.putIfAbsent(mac, uuid);
          if (owner != null && !owner.equalsIgnoreCase(uuid)) {
            throw new LabException(
                origin + ": " + ifAt + ".mac " + mac + " is used by another VM of the lab.",
                "give every interface of the lab its own MAC.");
          }
          if (iface.ip != null) {
            field(origin, ifAt + ".ip", () -> Names.interfaceAddress(iface.ip));
          }
          if (iface.guestName != null) {
            field(origin, ifAt + ".guest_name", () -> Names.netdevName(iface.guestName));
          }
          if (!Set.of("virtio", "hostdev").contains(iface.type)) {
            throw new LabException(
                origin
                    + ": "
                    + ifAt
                    + ".type '"
                    + Names.printable(String.valueOf(iface.type))
                    + "' is unknown.",
                "use virtio or hostdev.");
          }
          if ("hostdev".equals(iface.type)) {
            field(origin, ifAt + ".pci", () -> PciAddress.parse(iface.pci));
          }
        }
      }
    }
  }

  private static void validateMigrationFault(String origin, String at, FaultSpec fault) {
    if (fault.migrationFault == null) {
      return;
    }
    if (!MigrationFaults.KINDS.contains(fault.migrationFault)) {
      throw new LabException(
          origin + ": " + at + ".migration_fault '" + fault.migrationFault + "' is unknown.",
          "use one of: " + String.join(", ", new java.util.TreeSet<>(MigrationFaults.KINDS)) + ".");
    }
    if (fault.vm == null || fault.vm.isBlank()) {
      throw new LabException(
          origin + ": " + at + " has a migration_fault but no vm.",
          "name the migrating VM (its name on this, the source, host) with vm:.");
    }
    if (fault.atPercent != null && (fault.atPercent < 0 || fault.atPercent > 100)) {
      throw new LabException(
          origin + ": " + at + ".at_percent " + fault.atPercent + " is out of range.",
          "give a percentage from 0 to 100.");
    }
  }

  /** The most memory a lab VM may have: far above the lab hosts' 512 GiB, far below overflow. */
  static final ByteSize MAX_MEMORY = ByteSize.ofGibibytes(16L << 10);

  private static void memory(String text) {
    ByteSize size = ByteSize.parse(text);
    if (size.compareTo(MAX_MEMORY) > 0) {
      throw new InvalidInputException(
          "A VM of " + size + " is more than the lab's hosts can run.",
          "give at most 16TiB (the lab's hosts have 512GiB).");
    }
  }

  private static void uuidField(String origin, String at, String uuid) {
    if (uuid != null && !UUID_FORMAT.matcher(uuid).matches()) {
      throw new LabException(
          origin + ": " + at + " '" + Names.printable(uuid) + "' is not a UUID.",
          "use the form 4dea22b3-1d52-d8f3-2516-782e98ab3fa0, or leave it out.");
    }
  }

  /** The domain's UUID: the one given, else the one the lab derives from its name. */
  private static String uuid(VmSpec vm) {
    return vm.uuid != null
        ? vm.uuid
        : UUID.nameUUIDFromBytes(("vfmigrate-lab:" + vm.name).getBytes(StandardCharsets.UTF_8))
            .toString();
  }

  private static void validateNic(String origin, String at, NicSpec nic) {
    field(origin, at + ".pci", () -> PciAddress.parse(nic.pci));
    field(origin, at + ".netdev", () -> Names.netdevName(nic.netdev));
    field(origin, at + ".firmware", () -> FirmwareVersion.parse(nic.firmware));
    if (nic.firmwareNext != null) {
      field(origin, at + ".firmware_next", () -> FirmwareVersion.parse(nic.firmwareNext));
    }
    field(origin, at + ".vf_migration_mode", () -> VfMigrationMode.fromValue(nic.vfMigrationMode));
    if (nic.vfMigrationModeNext != null) {
      field(
          origin,
          at + ".vf_migration_mode_next",
          () -> VfMigrationMode.fromValue(nic.vfMigrationModeNext));
    }
    if (nic.psid == null || !nic.psid.matches("[A-Z]{2}_[0-9A-Za-z_]{1,14}")) {
      throw new LabException(
          origin
              + ": "
              + at
              + ".psid '"
              + Names.printable(String.valueOf(nic.psid))
              + "' is not a PSID.",
          "use the form MT_0000000838.");
    }
    if (!Set.of("legacy", "switchdev").contains(nic.eswitch)) {
      throw new LabException(
          origin + ": " + at + ".eswitch '" + Names.printable(nic.eswitch) + "' is unknown.",
          "use legacy or switchdev.");
    }
    long lastRoutingId =
        (long) PciAddress.parse(nic.pci).routingId() + nic.vfOffset + nic.totalVfs - 1;
    if (nic.vfOffset < 1 || nic.totalVfs > MAX_VFS || lastRoutingId > 0xffff) {
      throw new LabException(
          origin
              + ": "
              + at
              + " has vf_offset "
              + nic.vfOffset
              + " and total_vfs "
              + nic.totalVfs
              + ": its VFs' PCI addresses would not exist.",
          "use vf_offset 1 or more and total_vfs at most "
              + MAX_VFS
              + " (SR-IOV's 16-bit routing ids; a ConnectX-7 PF offers up to 127).");
    }
    if (nic.totalVfs < 0 || nic.numVfs < 0 || nic.numVfs > nic.totalVfs) {
      throw new LabException(
          origin + ": " + at + " has num_vfs " + nic.numVfs + " of total_vfs " + nic.totalVfs + ".",
          "use 0 <= num_vfs <= total_vfs.");
    }
    for (int i = 0; i < nic.vfs.size(); i++) {
      VfSpec vf = nic.vfs.get(i);
      String vfAt = at + ".vfs[" + i + "]";
      field(origin, vfAt + ".pci", () -> PciAddress.parse(vf.pci));
      field(origin, vfAt + ".hw_addr", () -> MacAddress.parse(vf.hwAddr));
    }
    field(origin, at + ".device_state.precopy", () -> ByteSize.parse(nic.deviceState.precopy));
    field(origin, at + ".device_state.stopcopy", () -> ByteSize.parse(nic.deviceState.stopcopy));
  }

  static void field(String origin, String at, Runnable check) {
    try {
      check.run();
    } catch (InvalidInputException e) {
      throw new LabException(origin + ": " + at + ": " + e.getMessage(), e.fix(), e);
    }
  }
}
