package io.vfmigrate.tools.devlink;

import static io.vfmigrate.tools.FakeHost.Fixtures.read;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vfmigrate.model.InvalidInputException;
import io.vfmigrate.model.PciAddress;
import io.vfmigrate.tools.FakeHost;
import io.vfmigrate.tools.ToolNotInstalledException;
import java.util.List;
import org.junit.jupiter.api.Test;

class DevlinkTest {
  private static final PciAddress PF = PciAddress.parse("0000:e1:00.0");
  private final FakeHost host = new FakeHost("hostA");
  private final Devlink devlink = new Devlink(host);

  @Test
  void devInfoAndEswitchRunTheDocumentedCommands() {
    host.on("devlink", "-j", "dev", "info", "pci/0000:e1:00.0")
        .stdoutFromFixture("devlink/dev-info.json");
    host.on("devlink", "-j", "dev", "eswitch", "show", "pci/0000:e1:00.0")
        .stdoutFromFixture("devlink/eswitch-legacy.json");

    assertThat(devlink.devInfo(PF).psid()).isEqualTo("MT_0000000838");
    assertThat(devlink.eswitch(PF).mode()).isEqualTo(EswitchMode.LEGACY);
  }

  @Test
  void devInfoErrorKeepsBothLines() {
    host.on("devlink", "-j", "dev", "info", "pci/0000:e1:00.0")
        .answer(1, "", "kernel answers: No such device\n");

    assertThatThrownBy(() -> devlink.devInfo(PF))
        .isInstanceOfSatisfying(
            DevlinkException.class,
            e -> {
              assertThat(e.error().kernelAnswer()).contains("No such device");
              assertThat(e.fix()).contains("lshw -c network -businfo");
            });
  }

  @Test
  void setEswitchModeIsSilent() {
    host.on("devlink", "dev", "eswitch", "set", "pci/0000:e1:00.0", "mode", "switchdev").succeeds();

    devlink.setEswitchMode(PF, "switchdev");

    assertThat(host.argvs())
        .containsExactly(
            List.of("devlink", "dev", "eswitch", "set", "pci/0000:e1:00.0", "mode", "switchdev"));
  }

  @Test
  void setEswitchModeRefusesUnknownModesBeforeRunning() {
    assertThatThrownBy(() -> devlink.setEswitchMode(PF, "offload"))
        .isInstanceOf(InvalidInputException.class);
    assertThat(host.commands()).isEmpty();
  }

  @Test
  void eswitchBusyCarriesExtackAndKernelAnswerAndAFix() {
    host.on("devlink", "dev", "eswitch", "set", "pci/0000:e1:00.0", "mode", "switchdev")
        .answer(1, "", read("devlink/eswitch-set-busy.txt"));

    assertThatThrownBy(() -> devlink.setEswitchMode(PF, EswitchMode.SWITCHDEV))
        .isInstanceOfSatisfying(
            DevlinkException.class,
            e -> {
              assertThat(e.toolMessage())
                  .isEqualTo(
                      "Error: mlx5_core: Can't change mode, E-Switch is busy.\n"
                          + "kernel answers: Device or resource busy");
              assertThat(e.getMessage())
                  .isEqualTo(
                      "'devlink dev eswitch set pci/0000:e1:00.0 mode switchdev' failed on hostA"
                          + " (exit 1): Error: mlx5_core: Can't change mode, E-Switch is busy."
                          + " kernel answers: Device or resource busy");
              assertThat(e.fix()).contains("sriov_numvfs");
            });
  }

  @Test
  void vfPortIsLookedUpByVfnumOnThatPf() {
    host.on("devlink", "-j", "port", "show").stdoutFromFixture("devlink/port-show.json");

    assertThat(devlink.vfPort(PF, 1))
        .get()
        .extracting(DevlinkPort::handle)
        .isEqualTo("pci/0000:e1:00.0/2");
    assertThat(devlink.vfPort(PciAddress.parse("0000:e1:00.1"), 0))
        .get()
        .extracting(DevlinkPort::handle)
        .isEqualTo("pci/0000:e1:00.1/65537");
    assertThat(devlink.vfPort(PF, 7)).isEmpty();
  }

  @Test
  void setMigratableUsesThePortHandle() {
    host.on("devlink", "-j", "port", "show").stdoutFromFixture("devlink/port-show.json");
    host.on("devlink", "port", "function", "set", "pci/0000:e1:00.0/2", "migratable", "enable")
        .succeeds();

    devlink.setMigratable(devlink.vfPort(PF, 1).orElseThrow(), true);

    assertThat(host.argvs())
        .endsWith(
            List.of(
                "devlink",
                "port",
                "function",
                "set",
                "pci/0000:e1:00.0/2",
                "migratable",
                "enable"));
  }

  @Test
  void setMigratableOnFirmwareWithoutMigrationPointsToMstconfig() {
    host.on("devlink", "-j", "port", "show").stdoutFromFixture("devlink/port-show.json");
    host.on("devlink", "port", "function", "set", "pci/0000:e1:00.0/1", "migratable", "disable")
        .answer(1, "", read("devlink/port-function-set-no-migration.txt"));

    DevlinkPort port = devlink.vfPort(PF, 0).orElseThrow();
    assertThatThrownBy(() -> devlink.setMigratable(port, false))
        .isInstanceOfSatisfying(
            DevlinkException.class,
            e -> {
              assertThat(e.error().extack())
                  .contains("mlx5_core: Device doesn't support migration");
              assertThat(e.fix()).contains("VF_MIGRATION_MODE=2");
            });
  }

  @Test
  void oldIproute2AsksForAnUpdate() {
    host.on("devlink", "-j", "port", "show").stdoutFromFixture("devlink/port-show.json");
    host.on("devlink", "port", "function", "set", "pci/0000:e1:00.0/1", "migratable", "enable")
        .answer(1, "", read("devlink/port-function-set-old-iproute2.txt"));

    DevlinkPort port = devlink.vfPort(PF, 0).orElseThrow();
    assertThatThrownBy(() -> devlink.setMigratable(port, true))
        .isInstanceOfSatisfying(
            DevlinkException.class, e -> assertThat(e.fix()).contains("iproute to 6.2"));
  }

  @Test
  void versionAndMigratableSupportFromHelpOnStderr() {
    host.on("devlink", "-V").stdoutFromFixture("devlink/version-6.2.0.txt");
    host.on("devlink", "port", "help").answer(0, "", read("devlink/port-help-6.2.0.txt"));

    assertThat(devlink.iproute2Version()).isEqualTo("6.2.0");
    assertThat(devlink.supportsMigratable()).isTrue();
  }

  @Test
  void olderHelpTextsDoNotMentionMigratable() {
    host.on("devlink", "port", "help").answer(0, "", read("devlink/port-help-6.1.0.txt"));
    assertThat(devlink.supportsMigratable()).isFalse();

    FakeHost old = new FakeHost();
    old.on("devlink", "port", "help").answer(0, "", read("devlink/port-help-5.5.0.txt"));
    assertThat(new Devlink(old).supportsMigratable()).isFalse();

    FakeHost head = new FakeHost();
    head.on("devlink", "port", "help").answer(0, "", read("devlink/port-help-7.1.0.txt"));
    assertThat(new Devlink(head).supportsMigratable()).isTrue();
  }

  @Test
  void missingDevlinkNamesIproute() {
    host.on("devlink", "-V").notInstalled();

    assertThatThrownBy(devlink::iproute2Version)
        .isInstanceOfSatisfying(
            ToolNotInstalledException.class,
            e -> assertThat(e.fix()).isEqualTo("install it: dnf install -y iproute"));
  }
}
