package io.vfmigrate.tools.fs;

import static org.assertj.core.api.Assertions.assertThat;

import io.vfmigrate.tools.FakeHost;
import io.vfmigrate.tools.FakeHost.Fixtures;
import org.junit.jupiter.api.Test;

class StatFsTest {
  private final FakeHost host = new FakeHost("dst");

  @Test
  void localExt4IsNotShared() {
    host.on("stat", "-f", "-c", "%t", "/var/lib/libvirt/images/a.qcow2")
        .stdout(Fixtures.read("real/stat-f-type.txt"));

    FilesystemType fs =
        new StatFs(host).filesystemOf("/var/lib/libvirt/images/a.qcow2").orElseThrow();

    assertThat(fs.magic()).isEqualTo(FilesystemType.EXT4);
    assertThat(fs.shared()).isFalse();
    assertThat(fs.name()).isEqualTo("ext2/ext3/ext4");
  }

  @Test
  void nfsIsSharedAndGfs2IsAClusterFilesystem() {
    host.on("stat", "-f", "-c", "%t", "/mnt/nfs/a.qcow2").stdout("6969\n");

    assertThat(new StatFs(host).filesystemOf("/mnt/nfs/a.qcow2").orElseThrow().shared()).isTrue();
    assertThat(FilesystemType.of(0x01161970L).cluster()).isTrue();
    assertThat(FilesystemType.of(0x6969L).cluster()).isFalse();
    assertThat(FilesystemType.of(0x65735546L).fuse()).isTrue();
  }

  @Test
  void aMissingPathIsEmpty() {
    host.on("stat", "-f", "-c", "%t", "/nonexistent/disk.img")
        .answer(1, "", Fixtures.read("real/stat-f-missing.stderr"));

    assertThat(new StatFs(host).filesystemOf("/nonexistent/disk.img")).isEmpty();
  }
}
