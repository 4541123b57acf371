package io.vfmigrate.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vfmigrate.host.FileAccessException;
import io.vfmigrate.host.Host;
import io.vfmigrate.testing.TestLab;
import org.junit.jupiter.api.Test;

/** The plain files a lab host keeps (temporary files, claims) behave as a real filesystem's. */
class LabHostFilesTest {
  private final Host host = TestLab.defaultLab().host("src");

  @Test
  void aDirectoryListsItsFilesAndSubdirectoriesByName() {
    assertThat(host.createExclusive("/run/vfmigrate/slots/0000:e1:00.0/slot-1", "a\n")).isTrue();
    assertThat(host.createExclusive("/run/vfmigrate/slots/0000:e1:00.0/slot-2", "b\n")).isTrue();
    assertThat(host.createExclusive("/run/vfmigrate/claims/0000:e1:00.1", "c\n")).isTrue();
    assertThat(host.createExclusive("/run/vfmigrate/claims/0000:e1:00.1", "d\n")).isFalse();

    assertThat(host.listDirectory("/run/vfmigrate")).containsExactly("claims", "slots");
    assertThat(host.listDirectory("/run/vfmigrate/slots")).containsExactly("0000:e1:00.0");
    assertThat(host.listDirectory("/run/vfmigrate/slots/0000:e1:00.0"))
        .containsExactly("slot-1", "slot-2");
    assertThat(host.readFile("/run/vfmigrate/claims/0000:e1:00.1")).isEqualTo("c\n");
  }

  @Test
  void aDirectoryWithoutFilesDoesNotExist() {
    host.createExclusive("/run/vfmigrate/macs/52-54-00-aa-bb-cc", "x\n");
    host.deleteFile("/run/vfmigrate/macs/52-54-00-aa-bb-cc");
    assertThatThrownBy(() -> host.listDirectory("/run/vfmigrate/macs"))
        .isInstanceOf(FileAccessException.class)
        .satisfies(e -> assertThat(((FileAccessException) e).isNoSuchFile()).isTrue());
  }
}
