package io.vfmigrate.tools.lshw;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vfmigrate.tools.FakeHost;
import io.vfmigrate.tools.ToolNotInstalledException;
import java.util.List;
import org.junit.jupiter.api.Test;

class LshwTest {
  private final FakeHost host = new FakeHost();

  @Test
  void networkRunsTheDocumentedCommand() {
    host.on("lshw", "-c", "network", "-businfo").stdoutFromFixture("lshw/cx7-host-vfs.txt");

    List<LshwDevice> devices = new Lshw(host).network();

    assertThat(devices)
        .extracting(LshwDevice::device)
        .containsExactly(
            "eno8303", "enp225s0f0np0", "enp225s0f1np1", "enp225s0f0v0", "enp225s0f0v1");
    assertThat(host.argvs()).containsExactly(List.of("lshw", "-c", "network", "-businfo"));
  }

  @Test
  void missingLshwNamesItsPackage() {
    host.on("lshw", "-c", "network", "-businfo").notInstalled();

    assertThatThrownBy(() -> new Lshw(host).network())
        .isInstanceOf(ToolNotInstalledException.class)
        .hasMessageContaining("lshw");
  }
}
