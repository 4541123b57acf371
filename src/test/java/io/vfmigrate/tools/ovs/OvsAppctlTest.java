package io.vfmigrate.tools.ovs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vfmigrate.tools.FakeHost;
import io.vfmigrate.tools.FakeHost.Fixtures;
import io.vfmigrate.tools.ToolException;
import io.vfmigrate.tools.ToolOutputException;
import org.junit.jupiter.api.Test;

/**
 * Fixtures: {@code offload-show-3.1.stderr} and {@code offload-show-not-running.stderr} captured
 * from Open vSwitch 3.1.0 (Debian 12, the real lab's version; the pidfile path set back to the
 * default rundir); the 3.7 outputs as openvswitch tests/system-offloads-traffic.at and
 * tests/ofproto-dpif.at (v3.7.0) expect them.
 */
class OvsAppctlTest {
  private final FakeHost host = new FakeHost("hostA");
  private final OvsAppctl appctl = new OvsAppctl(host);

  @Test
  void readsWhetherTheRunningVswitchdHasOffloadOn() {
    host.on("ovs-appctl", "dpif/offload/show")
        .stdoutFromFixture("ovs-appctl/offload-show-3.7-enabled.txt");
    assertThat(appctl.offloadEnabled()).contains(true);

    host.on("ovs-appctl", "dpif/offload/show")
        .stdoutFromFixture("ovs-appctl/offload-show-3.7-disabled.txt");
    assertThat(appctl.offloadEnabled()).contains(false);
  }

  @Test
  void anOpenVswitchBefore37CannotTell() {
    host.on("ovs-appctl", "dpif/offload/show")
        .answer(2, "", Fixtures.read("ovs-appctl/offload-show-3.1.stderr"));
    assertThat(appctl.offloadEnabled()).isEmpty();
  }

  @Test
  void aVswitchdThatDoesNotRunIsAToolFailureInItsOwnWords() {
    host.on("ovs-appctl", "dpif/offload/show")
        .answer(1, "", Fixtures.read("ovs-appctl/offload-show-not-running.stderr"));
    assertThatThrownBy(appctl::offloadEnabled)
        .isInstanceOf(ToolException.class)
        .hasMessageContaining("cannot read pidfile");
  }

  @Test
  void anAnswerWithoutTheEnabledLineIsAnOutputError() {
    host.on("ovs-appctl", "dpif/offload/show").stdout("Datapaths:\n");
    assertThatThrownBy(appctl::offloadEnabled).isInstanceOf(ToolOutputException.class);
  }
}
