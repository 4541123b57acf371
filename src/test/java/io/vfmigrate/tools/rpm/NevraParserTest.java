package io.vfmigrate.tools.rpm;

import static io.vfmigrate.tools.FakeHost.Fixtures.read;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vfmigrate.tools.ToolOutputException;
import org.junit.jupiter.api.Test;

class NevraParserTest {
  @Test
  void splitsNameVersionReleaseArch() {
    assertThat(NevraParser.parse(read("rpm/q-mstflint.txt")))
        .containsExactly(new InstalledPackage("mstflint", "4.26.0", "1.el9", "x86_64"));
  }

  @Test
  void keepsDashesInTheNameAndDotsInTheRelease() {
    assertThat(NevraParser.parse(read("rpm/qa-openvswitch.txt")))
        .containsExactly(
            new InstalledPackage("openvswitch3.3", "3.3.0", "49.el9fdp", "x86_64"),
            new InstalledPackage("openvswitch-selinux-extra-policy", "1.0", "34.el9fdp", "noarch"),
            new InstalledPackage("gpg-pubkey", "fd431d51", "4ae0493b", ""));
  }

  @Test
  void printsBackTheSameNevra() {
    assertThat(NevraParser.parseOne("kernel-5.14.0-427.13.1.el9_4.x86_64").nevra())
        .isEqualTo("kernel-5.14.0-427.13.1.el9_4.x86_64");
  }

  @Test
  void skipsNotInstalledLinesAndEmptyOutput() {
    assertThat(NevraParser.parse(read("rpm/q-not-installed.txt"))).isEmpty();
    assertThat(NevraParser.parse(read("rpm/qa-none.txt"))).isEmpty();
    assertThat(NevraParser.isNotInstalledLine("package mstflint is not installed\n")).isTrue();
  }

  @Test
  void rejectsALineThatIsNoNevra() {
    assertThatThrownBy(() -> NevraParser.parseOne("error: rpmdb open failed"))
        .isInstanceOf(ToolOutputException.class)
        .hasMessageContaining("rpm");
  }
}
