package io.vfmigrate.lab.tools.devlink;

import static io.vfmigrate.lab.tools.LabFixture.fixture;
import static org.assertj.core.api.Assertions.assertThat;

import io.vfmigrate.host.CommandResult;
import io.vfmigrate.lab.tools.LabFixture;
import org.junit.jupiter.api.Test;

public class DevlinkEmulatorTest {
  private static final String PF = "pci/0000:e1:00.0";
  private final LabFixture lab = new LabFixture();

  private void switchdevWithTwoVfs() {
    lab.createVfs(2);
    lab.nic().eswitch = "switchdev";
  }

  @Test
  void version() {
    assertThat(lab.run("devlink", "-V").stdout()).isEqualTo("devlink utility, iproute2-6.2.0\n");
  }

  @Test
  void eswitchShowTextJsonAndPretty() {
    assertThat(lab.run("devlink", "dev", "eswitch", "show", PF).stdout())
        .isEqualTo(fixture("devlink/eswitch-show-legacy.txt"));
    lab.nic().eswitch = "switchdev";
    assertThat(lab.run("devlink", "-j", "dev", "eswitch", "show", PF).stdout())
        .isEqualTo(fixture("devlink/eswitch-show-switchdev.json"));
    assertThat(lab.run("devlink", "-jp", "dev", "eswitch", "show", PF).stdout())
        .isEqualTo(fixture("devlink/eswitch-show-switchdev-pretty.json"));
  }

  @Test
  void unknownHandleIsNoSuchDeviceWithAnEmptyJsonSection() {
    CommandResult r = lab.run("devlink", "-j", "dev", "eswitch", "show", "pci/0000:99:00.0");
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.stdout()).isEqualTo("{\"dev\":{}}\n");
    assertThat(r.stderr()).isEqualTo("kernel answers: No such device\n");
    CommandResult info = lab.run("devlink", "dev", "info", "pci/0000:99:00.0");
    assertThat(info.stdout()).isEmpty();
    assertThat(info.stderr()).isEqualTo("kernel answers: No such device\n");
  }

  @Test
  void eswitchSetChangesModeAndSameModeIsSilent() {
    CommandResult r = lab.run("devlink", "dev", "eswitch", "set", PF, "mode", "switchdev");
    assertThat(r.exitCode()).isZero();
    assertThat(r.stdout() + r.stderr()).isEmpty();
    assertThat(lab.nic().eswitch).isEqualTo("switchdev");
    assertThat(lab.run("devlink", "dev", "eswitch", "set", PF, "mode", "switchdev").exitCode())
        .isZero();
  }

  @Test
  void eswitchModeChangeIsAllowedWithBoundVfs() {
    lab.createVfs(1);
    assertThat(lab.run("devlink", "dev", "eswitch", "set", PF, "mode", "switchdev").exitCode())
        .isZero();
    assertThat(lab.nic().vfs.get(0).driver).isEqualTo("mlx5_core");
  }

  @Test
  void eswitchSetParseErrors() {
    CommandResult bad = lab.run("devlink", "dev", "eswitch", "set", PF, "mode", "offload");
    assertThat(bad.exitCode()).isEqualTo(1);
    assertThat(bad.stderr()).isEqualTo("Unknown eswitch mode \"offload\"\n");
    assertThat(lab.run("devlink", "dev", "eswitch", "set", PF).stderr())
        .isEqualTo("Need to set at least one option\n");
    assertThat(lab.run("devlink", "dev", "eswitch", "set", "0000:e1:00.0").stderr())
        .isEqualTo(
            "Wrong identification string format.\n"
                + "Devlink identification (\"bus_name/dev_name\") expected\n");
    assertThat(lab.run("devlink", "dev", "bogus").stderr())
        .isEqualTo("Command \"bogus\" not found\n");
    assertThat(lab.nic().eswitch).isEqualTo("legacy");
  }

  @Test
  void subcommandsMatchByPrefix() {
    assertThat(lab.run("devlink", "d", "e", "sh", PF).stdout())
        .isEqualTo(fixture("devlink/eswitch-show-legacy.txt"));
  }

  @Test
  void devInfoWithPendingFirmware() {
    lab.nic().firmwareNext = "28.41.1000";
    assertThat(lab.run("devlink", "dev", "info", PF).stdout())
        .isEqualTo(fixture("devlink/dev-info.txt"));
    assertThat(lab.run("devlink", "-j", "dev", "info", PF).stdout())
        .isEqualTo(fixture("devlink/dev-info.json"));
  }

  @Test
  void legacyModeShowsOnlyTheUplink() {
    lab.createVfs(2);
    assertThat(lab.run("devlink", "port", "show").stdout())
        .isEqualTo(fixture("devlink/port-show-legacy.txt"));
  }

  @Test
  void switchdevPortsTextAndJson() {
    switchdevWithTwoVfs();
    lab.nic().vfs.get(1).migratable = true;
    assertThat(lab.run("devlink", "port", "show").stdout())
        .isEqualTo(fixture("devlink/port-show-switchdev.txt"));
    assertThat(lab.run("devlink", "-j", "port", "show").stdout())
        .isEqualTo(fixture("devlink/port-show-switchdev.json"));
  }

  @Test
  void migratableKeyOnlyWhenMigrationIsEnabled() {
    lab.createVfs(1);
    lab.nic().eswitch = "switchdev";
    lab.nic().vfMigrationMode = 0;
    assertThat(lab.run("devlink", "-j", "port", "show").stdout())
        .isEqualTo(fixture("devlink/port-show-no-migration.json"));
  }

  @Test
  void portShowByHandleAndByNetdev() {
    switchdevWithTwoVfs();
    String one = lab.run("devlink", "port", "show", PF + "/2").stdout();
    assertThat(one).startsWith("pci/0000:e1:00.0/2: type eth netdev enp225s0npf0vf1 ");
    assertThat(lab.run("devlink", "port", "show", "enp225s0npf0vf1").stdout()).isEqualTo(one);
    CommandResult missing = lab.run("devlink", "port", "show", PF + "/7");
    assertThat(missing.exitCode()).isEqualTo(1);
    assertThat(missing.stderr()).isEqualTo("kernel answers: No such device\n");
    assertThat(lab.run("devlink", "port", "show", PF).stderr())
        .isEqualTo(
            "Wrong port identification string format.\n"
                + "Expected \"bus_name/dev_name/port_index\" or \"netdev_ifname\".\n");
  }

  @Test
  void setMigratableOnAnUnboundVf() {
    switchdevWithTwoVfs();
    lab.nic().vfs.get(0).driver = null;
    CommandResult r =
        lab.run("devlink", "port", "function", "set", PF + "/1", "migratable", "enable");
    assertThat(r.exitCode()).isZero();
    assertThat(r.stdout() + r.stderr()).isEmpty();
    assertThat(lab.nic().vfs.get(0).migratable).isTrue();
  }

  @Test
  void setMigratableIsRefusedWhileMlx5CoreDrivesTheVf() {
    switchdevWithTwoVfs();
    CommandResult r =
        lab.run("devlink", "port", "function", "set", PF + "/1", "migratable", "enable");
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.stderr())
        .isEqualTo(
            "Error: mlx5_core: Failed setting HCA migratable cap.\n"
                + "kernel answers: Invalid argument\n");
    assertThat(lab.nic().vfs.get(0).migratable).isFalse();
  }

  @Test
  void setMigratableErrors() {
    switchdevWithTwoVfs();
    CommandResult uplink =
        lab.run("devlink", "port", "function", "set", PF + "/65535", "migratable", "enable");
    assertThat(uplink.stderr())
        .isEqualTo(
            "Error: migratable function attribute supported for VFs only.\n"
                + "kernel answers: Operation not supported\n");
    lab.nic().vfMigrationMode = 1;
    lab.nic().vfs.get(0).driver = null;
    CommandResult noMigration =
        lab.run("devlink", "port", "function", "set", PF + "/1", "migratable", "enable");
    assertThat(noMigration.exitCode()).isEqualTo(1);
    assertThat(noMigration.stderr())
        .isEqualTo(
            "Error: mlx5_core: Device doesn't support migration.\n"
                + "kernel answers: Operation not supported\n");
    assertThat(
            lab.run("devlink", "port", "function", "set", PF + "/1", "migratable", "maybe")
                .stderr())
        .isEqualTo("\"maybe\" is not a valid boolean value\n");
  }

  @Test
  void vfPortsDoNotExistInLegacyMode() {
    lab.createVfs(1);
    CommandResult r =
        lab.run("devlink", "port", "function", "set", PF + "/1", "migratable", "enable");
    assertThat(r.stderr()).isEqualTo("kernel answers: No such device\n");
  }

  @Test
  void oldIproute2DoesNotKnowMigratable() {
    lab.srcSpec().packages.put("iproute", "6.1.0");
    switchdevWithTwoVfs();
    CommandResult r =
        lab.run("devlink", "port", "function", "set", PF + "/1", "migratable", "enable");
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.stderr()).isEqualTo("Unknown option \"migratable\"\n");
    assertThat(lab.run("devlink", "port", "help").stderr())
        .isEqualTo(fixture("devlink/port-help-6.1.0.txt"));
  }

  @Test
  void portHelpOfIproute262() {
    CommandResult r = lab.run("devlink", "port", "help");
    assertThat(r.exitCode()).isZero();
    assertThat(r.stdout()).isEmpty();
    assertThat(r.stderr()).isEqualTo(fixture("devlink/port-help-6.2.0.txt"));
  }

  @Test
  void unknownObjectAndOption() {
    CommandResult object = lab.run("devlink", "bogus");
    assertThat(object.exitCode()).isEqualTo(1);
    assertThat(object.stderr()).isEqualTo("Object \"bogus\" not found\n");
    CommandResult option = lab.run("devlink", "-z", "dev");
    assertThat(option.exitCode()).isEqualTo(1);
    assertThat(option.stderr())
        .startsWith(
            "devlink: invalid option -- 'z'\nUnknown option.\n"
                + "Usage: devlink [ OPTIONS ] OBJECT { COMMAND | help }\n");
  }
}
