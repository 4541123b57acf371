package io.vfmigrate.workflow.capture;

import static org.assertj.core.api.Assertions.assertThat;

import io.vfmigrate.model.PciAddress;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/**
 * The lab description written from captured hosts: every field the schema (docs/lab-schema.md)
 * holds, in its order, and nothing that was not read.
 */
class LabDescriptionWriterTest {
  private static final PciAddress PF = PciAddress.parse("0000:e1:00.0");
  private static final PciAddress VF = PciAddress.parse("0000:e1:00.1");

  private static CapturedHost.Nic nic(boolean everything) {
    return new CapturedHost.Nic(
        PF,
        everything ? Optional.of("ConnectX-7") : Optional.empty(),
        everything ? Optional.of("enp225s0np0") : Optional.empty(),
        everything ? Optional.of("28.39.1002") : Optional.empty(),
        everything ? Optional.of("28.40.1000") : Optional.empty(),
        everything ? Optional.of("MT_0000000838") : Optional.empty(),
        everything ? OptionalInt.of(0) : OptionalInt.empty(),
        everything ? OptionalInt.of(2) : OptionalInt.empty(),
        16,
        everything ? OptionalInt.of(8) : OptionalInt.empty(),
        everything ? Optional.of("switchdev") : Optional.empty(),
        1,
        List.of(
            new CapturedHost.Vf(
                0, VF, everything ? Optional.of("pci-stub") : Optional.empty(), true, true)));
  }

  private static CapturedHost host(boolean everything) {
    Map<String, List<String>> bridges = new LinkedHashMap<>();
    Map<String, String> config = new LinkedHashMap<>();
    if (everything) {
      bridges.put("br-vf", List.of("enp225s0np0", "enp225s0npf0vf0"));
      config.put("hw-offload", "true");
    }
    CapturedHost.Vm vm =
        new CapturedHost.Vm(
            "vm1",
            everything ? "0b7f3c34-7c4f-4b5e-9d62-4b4d36c2c0a1" : "",
            everything ? OptionalLong.of(8L << 30) : OptionalLong.empty(),
            everything ? OptionalInt.of(4) : OptionalInt.empty(),
            "running",
            everything,
            everything,
            everything
                ? List.of(
                    new CapturedHost.Interface("hostdev", "52:54:00:aa:bb:cc", Optional.of(VF)),
                    new CapturedHost.Interface("virtio", "52:54:00:11:22:33", Optional.empty()))
                : List.of(),
            everything ? OptionalLong.of(200) : OptionalLong.empty());
    return new CapturedHost(
        "src",
        "192.0.2.11",
        everything ? Optional.of("src.lab.example") : Optional.empty(),
        everything ? Optional.of("Red Hat Enterprise Linux 9.6 (Plow)") : Optional.empty(),
        everything ? Optional.of("5.14.0-570.12.1.el9_6.x86_64") : Optional.empty(),
        everything ? Optional.of(true) : Optional.empty(),
        everything ? Map.of("libvirt", "10.10.0-7.el9") : Map.of(),
        everything ? Map.of("libvirtd", "active") : Map.of(),
        List.of(nic(everything)),
        List.of(vm),
        config,
        bridges,
        everything
            ? List.of()
            : List.of("os: cannot read /etc/os-release", "kernel: uname failed"));
  }

  @Test
  void everyFieldThatWasReadIsWrittenInTheSchemasOrder() {
    assertThat(LabDescriptionWriter.write(List.of(host(true)), Optional.of("192.168.3.1"), "src"))
        .isEqualTo(
            """
            # vfmigrate lab capture of src
            vf_peer: "192.168.3.1"
            hosts:
              src:
                address: "192.0.2.11"
                hostname: "src.lab.example"
                os: "Red Hat Enterprise Linux 9.6 (Plow)"
                kernel: "5.14.0-570.12.1.el9_6.x86_64"
                iommu: true
                packages:
                  libvirt: "10.10.0-7.el9"
                services:
                  libvirtd: "active"
                nics:
                - pci: "0000:e1:00.0"
                  model: "ConnectX-7"
                  netdev: "enp225s0np0"
                  firmware: "28.39.1002"
                  firmware_next: "28.40.1000"
                  psid: "MT_0000000838"
                  vf_migration_mode: 0
                  vf_migration_mode_next: 2
                  total_vfs: 16
                  vf_offset: 8
                  eswitch: "switchdev"
                  num_vfs: 1
                  vfs:
                  - index: 0
                    pci: "0000:e1:00.1"
                    driver: "pci-stub"
                    detached: true
                    migratable: true
                vms:
                - name: "vm1"
                  uuid: "0b7f3c34-7c4f-4b5e-9d62-4b4d36c2c0a1"
                  memory: "8192MiB"
                  vcpus: 4
                  dirty_rate: "200MiB/s"
                  viommu: true
                  state: "running"
                  guest_agent: true
                  interfaces:
                  - type: "hostdev"
                    mac: "52:54:00:aa:bb:cc"
                    pci: "0000:e1:00.1"
                  - type: "virtio"
                    mac: "52:54:00:11:22:33"
                ovs:
                  other_config:
                    hw-offload: "true"
                  bridges:
                    br-vf:
                    - "enp225s0np0"
                    - "enp225s0npf0vf0"
            """);
  }

  @Test
  void whatWasNotReadIsLeftOutAndNamedInAComment() {
    assertThat(LabDescriptionWriter.write(List.of(host(false)), Optional.empty(), "inventory.yaml"))
        .isEqualTo(
            """
            # vfmigrate lab capture of inventory.yaml
            # not read on src: os: cannot read /etc/os-release
            # not read on src: kernel: uname failed
            hosts:
              src:
                address: "192.0.2.11"
                packages: {}
                services: {}
                nics:
                - pci: "0000:e1:00.0"
                  total_vfs: 16
                  num_vfs: 1
                  vfs:
                  - index: 0
                    pci: "0000:e1:00.1"
                    detached: true
                    migratable: true
                vms:
                - name: "vm1"
                  viommu: false
                  state: "running"
                  guest_agent: false
                  interfaces: []
            """);
  }

  @Test
  void sizesAreWrittenInTheLargestWholeUnit() {
    assertThat(LabDescriptionWriter.size(8L << 30)).isEqualTo("8192MiB");
    assertThat(LabDescriptionWriter.size(1L << 20)).isEqualTo("1MiB");
    assertThat(LabDescriptionWriter.size(1536L * 1024)).isEqualTo("1536KiB");
    assertThat(LabDescriptionWriter.size(1024)).isEqualTo("1KiB");
    assertThat(LabDescriptionWriter.size(1000)).isEqualTo("1000B");
    assertThat(LabDescriptionWriter.size(1025)).isEqualTo("1025B");
  }
}
