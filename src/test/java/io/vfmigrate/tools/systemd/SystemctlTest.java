package io.vfmigrate.tools.systemd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vfmigrate.tools.FakeHost;
import io.vfmigrate.tools.ToolException;
import io.vfmigrate.tools.ToolNotInstalledException;
import java.util.List;
import org.junit.jupiter.api.Test;

class SystemctlTest {
  private final FakeHost host = new FakeHost("hostA");
  private final Systemctl systemctl = new Systemctl(host);

  @Test
  void isActiveReturnsTheStateWordAndExit3IsNoError() {
    host.on("systemctl", "is-active", "libvirtd").answer(0, "active\n", "");
    host.on("systemctl", "is-active", "openvswitch").answer(3, "inactive\n", "");
    host.on("systemctl", "is-active", "ovs-vswitchd").answer(3, "failed\n", "");

    assertThat(systemctl.isActive("libvirtd")).isEqualTo("active");
    assertThat(systemctl.isActive("openvswitch")).isEqualTo("inactive");
    assertThat(systemctl.active("ovs-vswitchd")).isFalse();
  }

  @Test
  void unitFilesAreReadFromListUnitFilesWithoutItsLegend() {
    host.on(
            "systemctl",
            "list-unit-files",
            "--no-legend",
            "openvswitch*.service",
            "virtqemud.service")
        .stdout(
            "openvswitch-switch.service enabled  enabled\n"
                + "virtqemud.service          disabled enabled\n");

    List<UnitFile> files = systemctl.unitFiles("openvswitch*.service", "virtqemud.service");

    assertThat(files)
        .containsExactly(
            new UnitFile("openvswitch-switch.service", "enabled"),
            new UnitFile("virtqemud.service", "disabled"));
    assertThat(files.get(0).unit()).isEqualTo("openvswitch-switch");
    assertThat(files.get(0).enabled()).isTrue();
  }

  @Test
  void noMatchingUnitFileIsAnEmptyListWhateverTheSystemdVersion() {
    host.on("systemctl", "list-unit-files", "--no-legend", "nosuch.service").answer(1, "", "");
    host.on("systemctl", "list-unit-files", "--no-legend", "old.service").succeeds();
    assertThat(systemctl.unitFiles("nosuch.service")).isEmpty();
    assertThat(systemctl.unitFiles("old.service")).isEmpty();

    host.on("systemctl", "list-unit-files", "--no-legend", "x.service")
        .answer(1, "", "Failed to list unit files: Access denied\n");
    assertThatThrownBy(() -> systemctl.unitFiles("x.service"))
        .isInstanceOf(ToolException.class)
        .hasMessageContaining("Access denied");
  }

  @Test
  void startRestartStopBuildTheDocumentedArgv() {
    host.on("systemctl", "start", "openvswitch").succeeds();
    host.on("systemctl", "restart", "openvswitch").succeeds();
    host.on("systemctl", "stop", "openvswitch").succeeds();

    systemctl.start("openvswitch");
    systemctl.restart("openvswitch");
    systemctl.stop("openvswitch");

    assertThat(host.argvs())
        .containsExactly(
            List.of("systemctl", "start", "openvswitch"),
            List.of("systemctl", "restart", "openvswitch"),
            List.of("systemctl", "stop", "openvswitch"));
  }

  @Test
  void anUnknownUnitFailsWithSystemctlsWordsAndAFix() {
    host.on("systemctl", "start", "openvswitch")
        .answer(
            5, "", "Failed to start openvswitch.service: Unit openvswitch.service not found.\n");

    assertThatThrownBy(() -> systemctl.start("openvswitch"))
        .isInstanceOfSatisfying(
            ToolException.class,
            e -> {
              assertThat(e.getMessage())
                  .isEqualTo(
                      "'systemctl start openvswitch' failed on hostA (exit 5): Failed to start"
                          + " openvswitch.service: Unit openvswitch.service not found.");
              assertThat(e.fix()).contains("dnf install -y openvswitch");
            });
  }

  @Test
  void aFailedServicePointsToTheJournal() {
    host.on("systemctl", "restart", "openvswitch")
        .answer(
            1,
            "",
            "Job for openvswitch.service failed because the control process exited with error"
                + " code.\nSee \"systemctl status openvswitch.service\" and \"journalctl -xeu"
                + " openvswitch.service\" for details.\n");

    assertThatThrownBy(() -> systemctl.restart("openvswitch"))
        .isInstanceOf(ToolException.class)
        .hasMessageContaining("Job for openvswitch.service failed")
        .satisfies(e -> assertThat(((ToolException) e).fix()).contains("journalctl -xeu"));
  }

  @Test
  void missingSystemctlIsNotInstalled() {
    host.on("systemctl", "is-active", "libvirtd").notInstalled();

    assertThatThrownBy(() -> systemctl.isActive("libvirtd"))
        .isInstanceOf(ToolNotInstalledException.class);
  }
}
