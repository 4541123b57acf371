package io.vfmigrate.workflow.capture;

import io.vfmigrate.model.PciAddress;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * One host as {@code lab capture} read it, in the terms of the lab YAML schema
 * (docs/lab-schema.md); what could not be read is empty and named in {@code unread}.
 *
 * @param name the inventory name, the lab host's name
 * @param address the inventory address
 * @param hostname {@code /etc/hostname}
 * @param os {@code PRETTY_NAME} of {@code /etc/os-release}
 * @param kernel {@code uname -r}
 * @param iommu whether {@code /sys/kernel/iommu_groups} has groups
 * @param packages name to version[-release] of the packages the procedure uses
 * @param services unit to {@code systemctl is-active} state (Open vSwitch and libvirt)
 * @param nics the inventory's PF
 * @param vms every domain {@code virsh list --all} shows
 * @param otherConfig Open vSwitch other_config, when OVS runs
 * @param bridges Open vSwitch bridges and their ports, when OVS runs
 * @param unread what could not be read, each with the reason
 */
public record CapturedHost(
    String name,
    String address,
    Optional<String> hostname,
    Optional<String> os,
    Optional<String> kernel,
    Optional<Boolean> iommu,
    Map<String, String> packages,
    Map<String, String> services,
    List<Nic> nics,
    List<Vm> vms,
    Map<String, String> otherConfig,
    Map<String, List<String>> bridges,
    List<String> unread) {

  /** A PF as the schema's {@code nics} entry. */
  public record Nic(
      PciAddress pci,
      Optional<String> model,
      Optional<String> netdev,
      Optional<String> firmware,
      Optional<String> firmwareNext,
      Optional<String> psid,
      OptionalInt vfMigrationMode,
      OptionalInt vfMigrationModeNext,
      int totalVfs,
      OptionalInt vfOffset,
      Optional<String> eswitch,
      int numVfs,
      List<Vf> vfs) {}

  /** One existing VF: its address, bound driver, and devlink's migratable flag. */
  public record Vf(
      int index, PciAddress pci, Optional<String> driver, boolean detached, boolean migratable) {}

  /** A domain, as the schema's {@code vms} entry. */
  public record Vm(
      String name,
      String uuid,
      OptionalLong memoryBytes,
      OptionalInt vcpus,
      String state,
      boolean viommu,
      boolean guestAgent,
      List<Interface> interfaces,
      OptionalLong dirtyRateMiBps) {}

  /** An interface: {@code virtio} (any non-hostdev NIC) with its MAC, or a hostdev VF. */
  public record Interface(String type, String mac, Optional<PciAddress> pci) {}
}
