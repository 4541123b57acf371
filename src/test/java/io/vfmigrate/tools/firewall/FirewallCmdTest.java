package io.vfmigrate.tools.firewall;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vfmigrate.tools.FakeHost;
import io.vfmigrate.tools.ToolNotInstalledException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** firewall-cmd's output as firewalld's command.py prints it (print_and_exit). */
class FirewallCmdTest {
  private final FakeHost host = new FakeHost("dst");

  @Test
  void openPortsOfTheDefaultZone() {
    host.on("firewall-cmd", "--state").stdout("running\n");
    host.on("firewall-cmd", "--list-ports").stdout("16509/tcp 49152-49215/tcp\n");

    List<PortRange> ports = new FirewallCmd(host).openPorts().orElseThrow();

    assertThat(ports)
        .extracting(PortRange::toString)
        .containsExactly("16509/tcp", "49152-49215/tcp");
    assertThat(ports.get(1).allowsTcp(49200)).isTrue();
    assertThat(ports.get(1).allowsTcp(49216)).isFalse();
    assertThat(new PortRange(49152, 49215, "udp").allowsTcp(49200)).isFalse();
  }

  @Test
  void noOpenPortsIsAnEmptyLine() {
    host.on("firewall-cmd", "--state").stdout("running\n");
    host.on("firewall-cmd", "--list-ports").stdout("\n");

    assertThat(new FirewallCmd(host).openPorts().orElseThrow()).isEmpty();
  }

  @Test
  void notRunningIsEmpty() {
    host.on("firewall-cmd", "--state").answer(252, "", "not running\n");

    assertThat(new FirewallCmd(host).openPorts()).isEmpty();
  }

  @Test
  void notInstalledNamesThePackage() {
    host.on("firewall-cmd", "--state").notInstalled();

    assertThatThrownBy(() -> new FirewallCmd(host).openPorts())
        .isInstanceOfSatisfying(
            ToolNotInstalledException.class,
            e -> assertThat(e.packageName()).isEqualTo("firewalld"));
  }
}
