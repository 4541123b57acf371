package io.vfmigrate.lab.tools.dpkg;

import static org.assertj.core.api.Assertions.assertThat;

import io.vfmigrate.host.CommandResult;
import io.vfmigrate.lab.tools.LabFixture;
import io.vfmigrate.testing.TestLab;
import org.junit.jupiter.api.Test;

public class DpkgQueryEmulatorTest {
  private final LabFixture lab = new LabFixture();

  DpkgQueryEmulatorTest() {
    TestLab.debian(lab.lab.spec(), "src");
  }

  @Test
  void showPrintsEachMatchingPackageThroughTheFormat() {
    CommandResult r =
        lab.run(
            "dpkg-query",
            "-W",
            "-f=${Package} ${Version} ${db:Status-Abbrev}\\n",
            "mstflint",
            "openvswitch*");
    assertThat(r.exitCode()).isZero();
    assertThat(r.stdout())
        .isEqualTo(
            "mstflint 4.31.0+1-1 ii \n"
                + "openvswitch-common 3.5.0-1+b1 ii \n"
                + "openvswitch-switch 3.5.0-1+b1 ii \n");
    assertThat(lab.run("dpkg-query", "-W", "dpkg").stdout()).isEqualTo("dpkg\t1.21.22\n");
  }

  @Test
  void aPatternMatchingNothingIsANoticeAndExitOne() {
    CommandResult r = lab.run("dpkg-query", "-W", "nosuch", "mstflint");
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.stdout()).isEqualTo("mstflint\t4.31.0+1-1\n");
    assertThat(r.stderr()).isEqualTo("dpkg-query: no packages found matching nosuch\n");
  }

  @Test
  void aDebianHostHasDpkgAndNoRpmARhelHostTheOtherWay() {
    assertThat(lab.run("rpm", "-q", "mstflint").exitCode()).isEqualTo(127);
    LabFixture rhel = new LabFixture();
    assertThat(rhel.run("dpkg-query", "-W", "mstflint").exitCode()).isEqualTo(127);
  }

  @Test
  void inJapaneseTheNoticeIsTranslatedButTheProgramNameIsNot() {
    lab.srcSpec().locale = "ja_JP.UTF-8";
    assertThat(lab.run("dpkg-query", "-W", "nosuch").stderr())
        .isEqualTo("dpkg-query: nosuch に一致するパッケージが見つかりません\n");
  }
}
