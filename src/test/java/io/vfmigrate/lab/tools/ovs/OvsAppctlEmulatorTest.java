package io.vfmigrate.lab.tools.ovs;

import static org.assertj.core.api.Assertions.assertThat;

import io.vfmigrate.host.CommandResult;
import io.vfmigrate.lab.tools.LabFixture;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * {@code ovs-appctl dpif/offload/show} in the lab, against the formats captured from Open vSwitch
 * 3.1.0 and those of openvswitch's own tests (3.7), and what ovs-vswitchd does with hw-offload: on
 * when it reads hw-offload=true, off only when it restarts.
 */
class OvsAppctlEmulatorTest {
  private final LabFixture lab = new LabFixture();

  private static String fixture(String name) throws IOException {
    try (InputStream in = OvsAppctlEmulatorTest.class.getResourceAsStream("/fixtures/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private CommandResult show() {
    return lab.run("ovs-appctl", "dpif/offload/show");
  }

  private void openvswitch(String version) {
    lab.srcSpec().packages.remove("openvswitch3.3");
    lab.srcSpec().packages.put("openvswitch" + version.substring(0, 3), version);
  }

  @Test
  void beforeOpenVswitch37TheCommandDoesNotExist() throws IOException {
    lab.run("systemctl", "start", "openvswitch");
    CommandResult r = show();
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.stdout()).isEmpty();
    assertThat(r.stderr()).isEqualTo(fixture("ovs-appctl/offload-show-3.1.stderr"));
  }

  @Test
  void aStoppedVswitchdHasNoPidfile() throws IOException {
    CommandResult r = show();
    assertThat(r.exitCode()).isEqualTo(1);
    String real = fixture("ovs-appctl/offload-show-not-running.stderr");
    assertThat(real).endsWith(r.stderr());
  }

  @Test
  void offloadGoesOnWhenVswitchdReadsItAndOffOnlyWhenItRestarts() {
    openvswitch("3.7.0");
    lab.run("systemctl", "start", "openvswitch");
    assertThat(show().stdout()).isEqualTo("Globally enabled: false\nDatapaths:\n");

    lab.run("ovs-vsctl", "set", "Open_vSwitch", ".", "other_config:hw-offload=true");
    assertThat(show().stdout()).startsWith("Globally enabled: true\n");
    lab.run("ovs-vsctl", "remove", "Open_vSwitch", ".", "other_config", "hw-offload");
    assertThat(show().stdout()).startsWith("Globally enabled: true\n");
    lab.run("systemctl", "start", "openvswitch");
    assertThat(show().stdout()).as("start of an active unit").startsWith("Globally enabled: true");
    lab.run("systemctl", "restart", "openvswitch");
    assertThat(show().stdout()).startsWith("Globally enabled: false\n");
  }

  @Test
  void theDatapathListsTheBridgesPorts() {
    openvswitch("3.7.0");
    lab.srcSpec().ovs.otherConfig.put("hw-offload", "true");
    lab.run("systemctl", "start", "openvswitch");
    lab.run("ovs-vsctl", "add-br", "br-vf");
    lab.run("ovs-vsctl", "add-port", "br-vf", "enp225s0np0");
    assertThat(show().stdout())
        .matches(
            "Globally enabled: true\nDatapaths:\nsystem@ovs-system:\n  tc\n"
                + "  - ovs-system: port_no: 0, ifindex: \\d+\n"
                + "  - br-vf: port_no: 1, ifindex: \\d+\n"
                + "  - enp225s0np0: port_no: 2, ifindex: \\d+\n");
  }
}
