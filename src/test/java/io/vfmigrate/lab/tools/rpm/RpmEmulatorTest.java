package io.vfmigrate.lab.tools.rpm;

import static io.vfmigrate.lab.tools.LabFixture.fixture;
import static org.assertj.core.api.Assertions.assertThat;

import io.vfmigrate.host.CommandResult;
import io.vfmigrate.lab.tools.LabFixture;
import org.junit.jupiter.api.Test;

public class RpmEmulatorTest {
  private final LabFixture lab = new LabFixture();

  @Test
  void queryPrintsNevraOfAnInstalledPackage() {
    CommandResult r = lab.run("rpm", "-q", "mstflint");
    assertThat(r.exitCode()).isZero();
    assertThat(r.stdout()).isEqualTo(fixture("rpm/q-mstflint.txt"));
  }

  @Test
  void missingPackagesGoToStdoutAndCountInTheExitCode() {
    CommandResult r = lab.run("rpm", "-q", "mstflint", "foo", "bar");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.stdout()).isEqualTo(fixture("rpm/q-two-missing.txt"));
    assertThat(r.stderr()).isEmpty();
  }

  @Test
  void explicitReleaseIsKept() {
    lab.srcSpec().packages.put("mstflint", "4.28.0-3.el9_4");
    assertThat(lab.run("rpm", "-q", "mstflint").stdout())
        .isEqualTo("mstflint-4.28.0-3.el9_4.x86_64\n");
  }

  @Test
  void queryAllFiltersByGlob() {
    CommandResult r = lab.run("rpm", "-qa", "openvswitch*");
    assertThat(r.exitCode()).isZero();
    assertThat(r.stdout()).isEqualTo(fixture("rpm/qa-openvswitch.txt"));
  }

  @Test
  void queryAllWithoutMatchIsEmptyAndSucceeds() {
    CommandResult r = lab.run("rpm", "-qa", "nothing*");
    assertThat(r.exitCode()).isZero();
    assertThat(r.stdout()).isEmpty();
  }

  @Test
  void baseSystemPackagesAreAlwaysInstalled() {
    assertThat(lab.run("rpm", "-q", "systemd").stdout()).isEqualTo("systemd-252-1.el9.x86_64\n");
    assertThat(lab.run("rpm", "-qa").stdout()).contains("kmod-28-1.el9.x86_64\n");
  }

  @Test
  void unknownOptionFails() {
    CommandResult r = lab.run("rpm", "--bogus", "x");
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.stderr()).isEqualTo("rpm: --bogus: unknown option\n");
  }
}
