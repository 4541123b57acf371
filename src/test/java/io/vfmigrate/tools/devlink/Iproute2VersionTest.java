package io.vfmigrate.tools.devlink;

import static io.vfmigrate.tools.FakeHost.Fixtures.read;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vfmigrate.tools.ToolOutputException;
import org.junit.jupiter.api.Test;

class Iproute2VersionTest {
  @Test
  void numberedReleases() {
    Iproute2Version v = Iproute2Version.parse(read("devlink/version-6.2.0.txt"));

    assertThat(v).isEqualTo(new Iproute2Version("6.2.0", 6, 2, 0));
    assertThat(v.isAtLeast(6, 2)).isTrue();
    assertThat(Iproute2Version.parse(read("devlink/version-7.1.0.txt")).isAtLeast(6, 2)).isTrue();
    assertThat(Iproute2Version.parse("devlink utility, iproute2-6.1.0\n").isAtLeast(6, 2))
        .isFalse();
  }

  @Test
  void gitDescribedRelease() {
    Iproute2Version v = Iproute2Version.parse(read("devlink/version-git.txt"));

    assertThat(v.raw()).isEqualTo("v5.7.0-77-gb687d1067169");
    assertThat(v.major()).isEqualTo(5);
    assertThat(v.minor()).isEqualTo(7);
  }

  @Test
  void snapshotDatedReleasesAreOld() {
    Iproute2Version v = Iproute2Version.parse(read("devlink/version-ss200127.txt"));

    assertThat(v.raw()).isEqualTo("ss200127");
    assertThat(v.isAtLeast(6, 2)).isFalse();
  }

  @Test
  void anythingElseIsAFormatError() {
    assertThatThrownBy(() -> Iproute2Version.parse("devlink: invalid option -- 'V'\n"))
        .isInstanceOf(ToolOutputException.class);
  }
}
