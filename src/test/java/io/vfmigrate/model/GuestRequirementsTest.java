package io.vfmigrate.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.vfmigrate.tools.FakeHost.Fixtures;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class GuestRequirementsTest {
  @Test
  void aRealDomainWithAFileANetworkDiskAndAnEmptyCdrom() {
    GuestRequirements g = GuestRequirements.of(Fixtures.read("real/dumpxml-disks.xml"));

    assertThat(g.virtType()).isEqualTo("qemu");
    assertThat(g.arch()).isEqualTo("x86_64");
    assertThat(g.machine()).isEqualTo("pc-i440fx-7.2");
    assertThat(g.cpuMode()).isEqualTo("custom");
    assertThat(g.memory()).isEqualTo(ByteSize.ofMebibytes(256));
    assertThat(g.hugepageKib()).isEmpty();
    assertThat(g.disks())
        .containsExactly(
            new GuestDisk(
                "file",
                "disk",
                "vda",
                "/tmp/vfmigrate-real-lab/disk2.img",
                "writeback",
                false,
                false),
            new GuestDisk("network", "disk", "vdb", "nbd:x", "", false, false),
            new GuestDisk("file", "cdrom", "hdc", "", "", true, false));
    assertThat(g.disks().get(2).skippedByLibvirt()).isTrue();
    assertThat(g.disks().get(0).cacheSafe()).isFalse();
  }

  @Test
  void hugepagesAndHostPassthrough() {
    String xml =
        "<domain type='kvm'><name>vm1</name><memory unit='GiB'>8</memory>"
            + "<memoryBacking><hugepages><page size='1' unit='G'/></hugepages></memoryBacking>"
            + "<os><type arch='x86_64' machine='pc-q35-rhel9.4.0'>hvm</type></os>"
            + "<cpu mode='host-passthrough' check='none' migratable='on'/></domain>";

    GuestRequirements g = GuestRequirements.of(xml);

    assertThat(g.hugepageKib()).isEqualTo(Optional.of(1048576L));
    assertThat(g.cpuMode()).isEqualTo("host-passthrough");
    assertThat(g.machine()).isEqualTo("pc-q35-rhel9.4.0");
    assertThat(g.disks()).isEmpty();
    assertThat(GuestRequirements.of(xml.replace("<page size='1' unit='G'/>", "")).hugepageKib())
        .contains(0L);
  }

  @Test
  void anNvmeDiskIsNamedByItsPciAddressAndNeverSkippedAsEmpty() {
    // libvirt's domain XML for a disk on a host NVMe namespace (formatdomain: "nvme" disks).
    String xml =
        "<domain type='kvm'><name>vm1</name><memory unit='GiB'>1</memory><devices>"
            + "<disk type='nvme' device='disk'><driver name='qemu' type='raw'/>"
            + "<source type='pci' managed='yes' namespace='1'>"
            + "<address domain='0x0000' bus='0x01' slot='0x00' function='0x0'/></source>"
            + "<target dev='vde' bus='virtio'/></disk></devices></domain>";

    GuestDisk d = GuestRequirements.of(xml).disks().get(0);

    assertThat(d)
        .isEqualTo(new GuestDisk("nvme", "disk", "vde", "nvme:0000:01:00.0/1", "", false, false));
    assertThat(d.skippedByLibvirt()).isFalse();
  }
}
