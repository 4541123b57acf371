package io.vfmigrate.workflow.capture;

import static org.assertj.core.api.Assertions.assertThat;

import io.vfmigrate.host.Fleet;
import io.vfmigrate.lab.Lab;
import io.vfmigrate.model.PciAddress;
import io.vfmigrate.testing.TestLab;
import io.vfmigrate.workflow.attach.Attach;
import io.vfmigrate.workflow.event.EventSink;
import io.vfmigrate.workflow.prepare.Prepare;
import io.vfmigrate.workflow.prepare.PrepareOptions;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** What {@code lab capture} reads from a host in each state it can be in. */
class HostCaptureStatesTest {
  private static final PciAddress PF = PciAddress.parse("0000:e1:00.0");
  private static final PciAddress VF = PciAddress.parse("0000:e1:00.1");

  private static CapturedHost capture(Lab lab, String host, boolean dirtyRate) {
    return HostCapture.read(TestLab.fleet(lab, EventSink.none()).get(host), dirtyRate);
  }

  /** The built-in lab with the files the lab does not emulate written on {@code host}. */
  private static Lab withEtc(String host) {
    Lab lab = TestLab.defaultLab();
    lab.hostSpec(host).files.put("/etc/hostname", host + ".lab.example\n");
    lab.hostSpec(host)
        .files
        .put(
            "/etc/os-release",
            "NAME=\"Red Hat Enterprise Linux\"\nVERSION=\"9.6 (Plow)\"\n"
                + "PRETTY_NAME=\"Red Hat Enterprise Linux 9.6 (Plow)\"\nID=\"rhel\"\n");
    return lab;
  }

  @Test
  void aFreshHostIsReadFieldByFieldAndWhatItLacksIsNamed() {
    Lab lab = TestLab.defaultLab();
    CapturedHost h = capture(lab, "dst", false);

    assertThat(h.name()).isEqualTo("dst");
    assertThat(h.address()).isEqualTo("192.0.2.12");
    assertThat(h.hostname()).isEmpty();
    assertThat(h.os()).isEmpty();
    assertThat(h.kernel()).contains("5.14.0-570.12.1.el9_6.x86_64");
    assertThat(h.iommu()).contains(true);
    assertThat(h.services())
        .containsExactly(Map.entry("libvirtd", "active"), Map.entry("openvswitch", "inactive"));
    assertThat(h.packages()).containsKeys("mstflint", "libvirt", "qemu-kvm", "openvswitch3.3");
    assertThat(h.otherConfig()).isEmpty();
    assertThat(h.bridges()).isEmpty();
    assertThat(h.vms()).isEmpty();
    assertThat(h.nics())
        .containsExactly(
            new CapturedHost.Nic(
                PF,
                Optional.of("ConnectX-7"),
                Optional.of("enp225s0np0"),
                Optional.of("28.39.1002"),
                Optional.empty(),
                Optional.of("MT_0000000838"),
                OptionalInt.of(2),
                OptionalInt.empty(),
                16,
                OptionalInt.of(1),
                Optional.of("legacy"),
                0,
                List.of()));
    assertThat(h.unread()).hasSize(3);
    assertThat(h.unread().get(0)).startsWith("hostname: ");
    assertThat(h.unread().get(1)).startsWith("os: ");
    assertThat(h.unread().get(2))
        .isEqualTo("ovs: the Open vSwitch database does not answer (OVS not running)");
  }

  @Test
  void aPreparedHostWithAnAttachedVmIsReadWithItsVfsOpenVswitchAndVm() {
    Lab lab = withEtc("src");
    Fleet fleet = TestLab.fleet(lab, EventSink.none());
    new Prepare(EventSink.none())
        .run(fleet.get("src"), new PrepareOptions("br-vf", OptionalInt.empty()), false);
    new Attach(fleet, EventSink.none())
        .run("vm1", "src", Optional.empty(), Optional.empty(), false);

    CapturedHost h = capture(lab, "src", false);
    assertThat(h.unread()).isEmpty();
    assertThat(h.hostname()).contains("src.lab.example");
    assertThat(h.os()).contains("Red Hat Enterprise Linux 9.6 (Plow)");
    assertThat(h.services()).containsEntry("openvswitch", "active");
    assertThat(h.otherConfig())
        .containsEntry("hw-offload", "true")
        .containsEntry("max-idle", "300000");
    assertThat(h.bridges())
        .containsExactly(Map.entry("br-vf", List.of("enp225s0np0", "enp225s0npf0vf0")));
    CapturedHost.Nic nic = h.nics().get(0);
    assertThat(nic.eswitch()).contains("switchdev");
    assertThat(nic.numVfs()).isEqualTo(1);
    assertThat(nic.vfs())
        .singleElement()
        .satisfies(
            vf -> {
              assertThat(vf.index()).isZero();
              assertThat(vf.pci()).isEqualTo(VF);
              assertThat(vf.driver()).contains(lab.hostSpec("src").nics.get(0).vfs.get(0).driver);
              assertThat(vf.detached()).isTrue();
              assertThat(vf.migratable()).isTrue();
            });

    CapturedHost.Vm vm = h.vms().get(0);
    assertThat(vm.name()).isEqualTo("vm1");
    assertThat(vm.uuid()).isNotEmpty();
    assertThat(vm.memoryBytes()).isEqualTo(OptionalLong.of(8L << 30));
    assertThat(vm.vcpus()).isEqualTo(OptionalInt.of(4));
    assertThat(vm.state()).isEqualTo("running");
    assertThat(vm.viommu()).isFalse();
    assertThat(vm.dirtyRateMiBps()).as("not asked for").isEmpty();
    assertThat(vm.interfaces())
        .extracting(CapturedHost.Interface::type, CapturedHost.Interface::pci)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("hostdev", Optional.of(VF)),
            org.assertj.core.groups.Tuple.tuple("virtio", Optional.empty()));
    assertThat(vm.interfaces().get(1).mac()).isEqualTo("52:54:00:11:22:33");
    assertThat(vm.interfaces().get(0).mac()).matches("52:54:00(:[0-9a-f]{2}){3}");
  }

  @Test
  void aFirmwareAndAMigrationModeWaitingForTheRebootAreReadAsNext() {
    Lab lab =
        TestLab.with(
            spec -> {
              TestLab.nic(spec, "dst").vfMigrationMode = 0;
              TestLab.nic(spec, "dst").vfMigrationModeNext = 2;
              TestLab.nic(spec, "dst").firmwareNext = "28.40.1000";
            });
    CapturedHost.Nic nic = capture(lab, "dst", false).nics().get(0);
    assertThat(nic.firmware()).contains("28.39.1002");
    assertThat(nic.firmwareNext()).contains("28.40.1000");
    assertThat(nic.vfMigrationMode()).isEqualTo(OptionalInt.of(0));
    assertThat(nic.vfMigrationModeNext()).isEqualTo(OptionalInt.of(2));
  }

  @Test
  void aDebianHostsPackagesAreReadWithDpkg() {
    Lab lab = TestLab.with(spec -> TestLab.debian(spec, "dst"));
    CapturedHost h = capture(lab, "dst", false);
    assertThat(h.packages())
        .containsEntry("mstflint", "4.31.0+1-1")
        .containsEntry("openvswitch-switch", "3.5.0-1+b1")
        .containsEntry("libvirt-daemon-system", "11.3.0-3")
        .containsEntry("qemu-system-x86", "1:10.0.2+ds-2");
    assertThat(h.services())
        .containsExactly(
            Map.entry("libvirtd", "active"), Map.entry("openvswitch-switch", "inactive"));
  }

  @Test
  void aRunningVmsDirtyRateIsMeasuredWhenAskedAndAStoppedVmIsNot() {
    Lab lab = TestLab.defaultLab();
    assertThat(capture(lab, "src", true).vms().get(0).dirtyRateMiBps())
        .isEqualTo(OptionalLong.of(200));

    Lab stopped = TestLab.with(spec -> TestLab.host(spec, "src").vms.get(0).state = "shut off");
    CapturedHost.Vm vm = capture(stopped, "src", true).vms().get(0);
    assertThat(vm.state()).isEqualTo("shut off");
    assertThat(vm.dirtyRateMiBps()).isEmpty();
  }
}
