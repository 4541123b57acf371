package io.vfmigrate.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import io.vfmigrate.tools.systemd.UnitFile;
import java.util.List;
import org.junit.jupiter.api.Test;

class HostServicesTest {
  @Test
  void rhel9WithModularDaemonsUsesOpenvswitchAndVirtqemud() {
    HostServices s =
        HostServices.of(
            List.of(
                new UnitFile("libvirtd.service", "disabled"),
                new UnitFile("libvirtd.socket", "disabled"),
                new UnitFile("openvswitch.service", "disabled"),
                new UnitFile("virtqemud.service", "enabled"),
                new UnitFile("virtqemud.socket", "enabled")));
    assertThat(s).isEqualTo(new HostServices("openvswitch", "virtqemud"));
    assertThat(s.modularLibvirt()).isTrue();
    assertThat(s.enableLibvirt()).startsWith("systemctl enable --now virtqemud.socket");
  }

  @Test
  void debianUsesOpenvswitchSwitchAndTheEnabledMonolithicLibvirtd() {
    HostServices s =
        HostServices.of(
            List.of(
                new UnitFile("libvirtd.service", "enabled"),
                new UnitFile("openvswitch-switch.service", "enabled"),
                new UnitFile("virtqemud.service", "disabled")));
    assertThat(s).isEqualTo(new HostServices("openvswitch-switch", "libvirtd"));
    assertThat(s.enableLibvirt()).isEqualTo("systemctl enable --now libvirtd");
  }

  @Test
  void withoutTheUnitsTheRhelNamesAreTheDefault() {
    assertThat(HostServices.of(List.of())).isEqualTo(new HostServices("openvswitch", "libvirtd"));
  }
}
