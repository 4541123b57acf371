package io.vfmigrate.tools.rpm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vfmigrate.model.InvalidInputException;
import io.vfmigrate.tools.FakeHost;
import io.vfmigrate.tools.ToolException;
import java.util.List;
import org.junit.jupiter.api.Test;

class RpmTest {
  private final FakeHost host = new FakeHost();
  private final Rpm rpm = new Rpm(host);

  @Test
  void queryFindsAnInstalledPackage() {
    host.on("rpm", "-q", "mstflint").stdoutFromFixture("rpm/q-mstflint.txt");

    assertThat(rpm.query("mstflint"))
        .contains(new InstalledPackage("mstflint", "4.26.0", "1.el9", "x86_64"));
    assertThat(host.argvs()).containsExactly(List.of("rpm", "-q", "mstflint"));
  }

  @Test
  void notInstalledIsEmpty() {
    host.on("rpm", "-q", "mstflint")
        .answer(1, FakeHost.Fixtures.read("rpm/q-not-installed.txt"), "");

    assertThat(rpm.query("mstflint")).isEmpty();
  }

  @Test
  void severalVersionsGiveTheFirst() {
    host.on("rpm", "-q", "kernel").stdoutFromFixture("rpm/q-kernel-two.txt");

    assertThat(rpm.query("kernel"))
        .get()
        .extracting(InstalledPackage::release)
        .isEqualTo("427.13.1.el9_4");
  }

  @Test
  void otherFailuresThrowWithRpmsWords() {
    host.on("rpm", "-q", "mstflint")
        .answer(1, "", "error: cannot open Packages database in /var/lib/rpm\n");

    assertThatThrownBy(() -> rpm.query("mstflint"))
        .isInstanceOf(ToolException.class)
        .hasMessageContaining("cannot open Packages database");
  }

  @Test
  void queryAllListsMatchesAndNoMatchIsEmpty() {
    host.on("rpm", "-qa", "openvswitch*").stdoutFromFixture("rpm/qa-openvswitch.txt");
    host.on("rpm", "-qa", "libvirt*").stdout("");

    assertThat(rpm.queryAll("openvswitch*"))
        .extracting(InstalledPackage::name)
        .startsWith("openvswitch3.3", "openvswitch-selinux-extra-policy");
    assertThat(rpm.queryAll("libvirt*")).isEmpty();
  }

  @Test
  void refusesANameThatLooksLikeAnOption() {
    assertThatThrownBy(() -> rpm.query("-e")).isInstanceOf(InvalidInputException.class);
    assertThat(host.commands()).isEmpty();
  }
}
