package io.vfmigrate.tools.dpkg;

import static org.assertj.core.api.Assertions.assertThat;

import io.vfmigrate.tools.FakeHost;
import org.junit.jupiter.api.Test;

class DpkgTest {
  private static final String FORMAT = "-f=${Package} ${Version} ${db:Status-Abbrev}\\n";

  @Test
  void anInstalledPackageHasItsUpstreamVersion() {
    FakeHost host = new FakeHost();
    host.on("dpkg-query", "-W", FORMAT, "mstflint").stdoutFromFixture("dpkg/query-mstflint.txt");
    DebianPackage p = new Dpkg(host).query("mstflint").orElseThrow();
    assertThat(p.version()).isEqualTo("4.21.0+1-1");
    assertThat(p.upstreamVersion()).isEqualTo("4.21.0");
  }

  @Test
  void aRemovedPackageIsNotInstalled() {
    FakeHost host = new FakeHost();
    host.on("dpkg-query", "-W", FORMAT, "openvswitch-switch")
        .stdoutFromFixture("dpkg/query-removed.txt");
    assertThat(new Dpkg(host).query("openvswitch-switch")).isEmpty();
  }

  @Test
  void anUnknownPackageIsEmpty() {
    FakeHost host = new FakeHost();
    host.on("dpkg-query", "-W", FORMAT, "nosuch")
        .answer(1, "", "dpkg-query: no packages found matching nosuch\n");
    assertThat(new Dpkg(host).query("nosuch")).isEmpty();
  }
}
