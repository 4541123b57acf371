package io.vfmigrate.lab;

import io.vfmigrate.lab.state.HostSpec;
import io.vfmigrate.lab.state.InterfaceSpec;
import io.vfmigrate.lab.state.LabSpec;
import io.vfmigrate.lab.state.NicSpec;
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
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/** Checks a lab description field by field and names the first bad one precisely. */
final class LabValidator {
  /** language[_territory][.codeset][@modifier], as in LANG. */
  private static final Pattern LOCALE =
      Pattern.compile("[A-Za-z]{1,8}(_[A-Za-z0-9]{2,8})?(\\.[A-Za-z0-9_-]+)?(@[A-Za-z0-9_-]+)?");

  private LabValidator() {}

  static void validate(LabSpec spec, String origin) {
    if (spec.hosts == null || spec.hosts.isEmpty()) {
      throw new LabException(origin + " describes no hosts.", "add hosts under 'hosts:'.");
    }
    field(origin, "link.bandwidth", () -> Bandwidth.parse(spec.link.bandwidth));
    if (spec.link.channelBandwidth != null) {
      field(origin, "link.channel_bandwidth", () -> Bandwidth.parse(spec.link.channelBandwidth));
    }
    Map<String, String> vmUuids = new HashMap<>();
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
      if (host.locale != null && !LOCALE.matcher(host.locale).matches()) {
        throw new LabException(
            origin + ": " + at + ".locale '" + host.locale + "' is not a locale name.",
            "use the form of LANG, e.g. ja_JP.UTF-8 or C.");
      }
      for (int i = 0; i < host.nics.size(); i++) {
        validateNic(origin, at + ".nics[" + i + "]", host.nics.get(i));
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
        field(origin, vmAt + ".memory", () -> ByteSize.parse(vm.memory));
        field(origin, vmAt + ".dirty_rate", () -> Bandwidth.parse(vm.dirtyRate));
        if (!Set.of("running", "paused", "shut off").contains(vm.state)) {
          throw new LabException(
              origin + ": " + vmAt + ".state '" + vm.state + "' is unknown.",
              "use running, paused or shut off.");
        }
        for (int j = 0; j < vm.interfaces.size(); j++) {
          InterfaceSpec iface = vm.interfaces.get(j);
          String ifAt = vmAt + ".interfaces[" + j + "]";
          field(origin, ifAt + ".mac", () -> MacAddress.parse(iface.mac));
          if (!Set.of("virtio", "hostdev").contains(iface.type)) {
            throw new LabException(
                origin + ": " + ifAt + ".type '" + iface.type + "' is unknown.",
                "use virtio or hostdev.");
          }
          if ("hostdev".equals(iface.type)) {
            field(origin, ifAt + ".pci", () -> PciAddress.parse(iface.pci));
          }
        }
      }
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
          origin + ": " + at + ".psid '" + nic.psid + "' is not a PSID.",
          "use the form MT_0000000838.");
    }
    if (!Set.of("legacy", "switchdev").contains(nic.eswitch)) {
      throw new LabException(
          origin + ": " + at + ".eswitch '" + nic.eswitch + "' is unknown.",
          "use legacy or switchdev.");
    }
    if (nic.totalVfs < 0 || nic.numVfs < 0 || nic.numVfs > nic.totalVfs) {
      throw new LabException(
          origin + ": " + at + " has num_vfs " + nic.numVfs + " of total_vfs " + nic.totalVfs + ".",
          "use 0 <= num_vfs <= total_vfs.");
    }
    field(origin, at + ".device_state.precopy", () -> ByteSize.parse(nic.deviceState.precopy));
    field(origin, at + ".device_state.stopcopy", () -> ByteSize.parse(nic.deviceState.stopcopy));
  }

  private static void field(String origin, String at, Runnable check) {
    try {
      check.run();
    } catch (InvalidInputException e) {
      throw new LabException(origin + ": " + at + ": " + e.getMessage(), e.fix(), e);
    }
  }
}
