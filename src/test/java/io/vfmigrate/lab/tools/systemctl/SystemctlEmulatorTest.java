package io.vfmigrate.lab.tools.systemctl;

import static org.assertj.core.api.Assertions.assertThat;

import io.vfmigrate.host.CommandResult;
import io.vfmigrate.lab.tools.LabFixture;
import org.junit.jupiter.api.Test;

public class SystemctlEmulatorTest {
  private final LabFixture lab = new LabFixture();

  @Test
  void isActiveReportsEachUnit() {
    CommandResult r = lab.run("systemctl", "is-active", "libvirtd", "openvswitch");
    assertThat(r.exitCode()).isZero();
    assertThat(r.stdout()).isEqualTo("active\ninactive\n");
  }

  @Test
  void inactiveAndUnknownUnitsExitThree() {
    assertThat(lab.run("systemctl", "is-active", "openvswitch.service").exitCode()).isEqualTo(3);
    CommandResult unknown = lab.run("systemctl", "is-active", "nosuch");
    assertThat(unknown.exitCode()).isEqualTo(3);
    assertThat(unknown.stdout()).isEqualTo("inactive\n");
  }

  @Test
  void startingOpenvswitchAppliesTheConfiguredOffload() {
    lab.srcSpec().ovs.otherConfig.put("hw-offload", "true");
    CommandResult r = lab.run("systemctl", "start", "openvswitch");
    assertThat(r.exitCode()).isZero();
    assertThat(r.stdout()).isEmpty();
    assertThat(r.stderr()).isEmpty();
    assertThat(lab.srcSpec().services).containsEntry("openvswitch", "active");
    assertThat(lab.srcSpec().ovs.offloadApplied).isTrue();
    assertThat(lab.run("systemctl", "is-active", "ovs-vswitchd").stdout()).isEqualTo("active\n");
  }

  @Test
  void restartWithoutOffloadClearsIt() {
    lab.srcSpec().ovs.offloadApplied = true;
    assertThat(lab.run("systemctl", "restart", "openvswitch.service").exitCode()).isZero();
    assertThat(lab.srcSpec().ovs.offloadApplied).isFalse();
  }

  @Test
  void stopClearsTheAppliedOffload() {
    lab.srcSpec().services.put("openvswitch", "active");
    lab.srcSpec().ovs.offloadApplied = true;
    assertThat(lab.run("systemctl", "stop", "openvswitch").exitCode()).isZero();
    assertThat(lab.srcSpec().services).containsEntry("openvswitch", "inactive");
    assertThat(lab.srcSpec().ovs.offloadApplied).isFalse();
  }

  @Test
  void unitOfAnUninstalledPackageIsNotFound() {
    lab.srcSpec().packages.remove("openvswitch3.3");
    CommandResult start = lab.run("systemctl", "start", "openvswitch");
    assertThat(start.exitCode()).isEqualTo(5);
    assertThat(start.stderr())
        .isEqualTo("Failed to start openvswitch.service: Unit openvswitch.service not found.\n");
    CommandResult stop = lab.run("systemctl", "stop", "openvswitch");
    assertThat(stop.exitCode()).isEqualTo(5);
    assertThat(stop.stderr())
        .isEqualTo("Failed to stop openvswitch.service: Unit openvswitch.service not loaded.\n");
    assertThat(lab.run("systemctl", "is-active", "openvswitch").stdout()).isEqualTo("inactive\n");
    assertThat(lab.srcSpec().services).containsEntry("openvswitch", "inactive");
  }

  @Test
  void listUnitFilesShowsTheUnitsOfTheInstalledPackages() {
    CommandResult r =
        lab.run(
            "systemctl",
            "list-unit-files",
            "--no-legend",
            "openvswitch.service",
            "openvswitch-switch.service",
            "libvirtd.service",
            "virtqemud.service");
    assertThat(r.exitCode()).isZero();
    assertThat(r.stdout())
        .isEqualTo(
            "libvirtd.service    enabled  disabled\n"
                + "openvswitch.service enabled  disabled\n"
                + "virtqemud.service   disabled disabled\n");
  }

  @Test
  void aDebianHostsOpenVswitchUnitIsOpenvswitchSwitch() {
    lab.srcSpec().os = "Debian GNU/Linux 13 (trixie)";
    lab.srcSpec().packages.remove("openvswitch3.3");
    lab.srcSpec().packages.put("openvswitch-switch", "3.5.0-1+b1");
    lab.srcSpec().services.remove("openvswitch");
    lab.srcSpec().services.put("openvswitch-switch", "inactive");

    CommandResult r = lab.run("systemctl", "list-unit-files", "openvswitch*");
    assertThat(r.stdout())
        .isEqualTo(
            "UNIT FILE                  STATE   PRESET\n"
                + "openvswitch-switch.service enabled disabled\n"
                + "\n"
                + "1 unit files listed.\n");
    assertThat(lab.run("systemctl", "start", "openvswitch").exitCode()).isEqualTo(5);
    assertThat(lab.run("systemctl", "start", "openvswitch-switch").exitCode()).isZero();
    assertThat(lab.srcSpec().services).containsEntry("openvswitch-switch", "active");
    assertThat(lab.run("systemctl", "is-active", "ovs-vswitchd").stdout()).isEqualTo("active\n");
  }

  @Test
  void listUnitFilesMatchingNothingExitsOne() {
    CommandResult r = lab.run("systemctl", "list-unit-files", "--no-legend", "nosuch.service");
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.stdout()).isEmpty();
  }

  @Test
  void unknownVerbFails() {
    CommandResult r = lab.run("systemctl", "frobnicate", "x");
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.stderr()).isEqualTo("Unknown command verb frobnicate.\n");
  }
}
