package io.vfmigrate.workflow.preflight;

import static org.assertj.core.api.Assertions.assertThat;

import io.vfmigrate.lab.Lab;
import io.vfmigrate.model.Finding;
import io.vfmigrate.model.FindingStatus;
import io.vfmigrate.testing.TestLab;
import io.vfmigrate.workflow.event.EventSink;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SwitchoverAckCheckTest {
  private static Finding switchoverAck(Lab lab) {
    return new Preflight(TestLab.fleet(lab, EventSink.none()), EventSink.none())
        .run(List.of("src", "dst"), Optional.empty()).findings().stream()
            .filter(f -> f.id().equals(SwitchoverAckCheck.ID))
            .findFirst()
            .orElseThrow();
  }

  @Test
  void bothQemusOf81OrLaterWillUseIt() {
    Finding f = switchoverAck(TestLab.defaultLab());

    assertThat(f.status()).isEqualTo(FindingStatus.PASS);
    assertThat(f.host()).isEqualTo("src,dst");
    assertThat(f.detail()).contains("QEMU 9.1.0").contains("switchover_ack").contains("10.10.0");
  }

  @Test
  void aLibvirtThatCannotSetItWarnsEvenWithNewQemus() {
    Finding f =
        switchoverAck(TestLab.with(s -> TestLab.host(s, "src").packages.put("libvirt", "9.0.0")));

    assertThat(f.status()).isEqualTo(FindingStatus.WARN);
    assertThat(f.detail()).contains("libvirt 9.0.0 on src", "never turns", "1480 ms");
    assertThat(f.fix()).contains("libvirt");
  }

  @Test
  void anOlderQemuOnOneSideWarnsWithTheDowntimeItCosts() {
    Finding f =
        switchoverAck(TestLab.with(s -> TestLab.host(s, "dst").packages.put("qemu-kvm", "8.0.0")));

    assertThat(f.status()).isEqualTo(FindingStatus.WARN);
    assertThat(f.detail()).contains("dst", "8.0.0", "1480 ms", "1900 ms");
    assertThat(f.fix()).contains("8.1");
  }

  private static final String WITHOUT_QEMU_81 =
      ": switchover-ack needs QEMU 8.1 on both hosts; without it each VF adds about 1480 ms of"
          + " downtime (published: 1900 ms instead of 420 ms for one mlx5 VF)";

  @Test
  void qemu81OnBothHostsAndALibvirtNewerThan90Pass() {
    Finding f =
        switchoverAck(
            TestLab.with(
                s -> {
                  TestLab.host(s, "src").packages.put("qemu-kvm", "8.1.0");
                  TestLab.host(s, "dst").packages.put("qemu-kvm", "8.1.0");
                  TestLab.host(s, "src").packages.put("libvirt", "9.1.0");
                }));
    Findings.assertFinding(
        f,
        FindingStatus.PASS,
        "src runs QEMU 8.1.0, dst QEMU 8.1.0: both support switchover-ack, so a VF's load on the"
            + " destination can stay out of the downtime if libvirt 9.1.0 turns it on (libvirt up"
            + " to 9.0 does not; newer ones vfmigrate cannot tell); migrate reports whether it was"
            + " used (switchover_ack)",
        "");
  }

  @Test
  void libvirt90OnTheDestinationWarnsNamingBothLibvirts() {
    Findings.assertFinding(
        switchoverAck(TestLab.with(s -> TestLab.host(s, "dst").packages.put("libvirt", "9.0.0"))),
        FindingStatus.WARN,
        "src runs QEMU 9.1.0, dst QEMU 9.1.0, but libvirt 10.10.0 on src, 9.0.0 on dst: libvirt"
            + " up to 9.0 never turns QEMU's switchover-ack on (its QEMU driver has no such"
            + " migration capability), so each VF adds about 1480 ms of downtime (published: 1900"
            + " ms instead of 420 ms for one mlx5 VF)",
        "upgrade libvirt on both hosts; migrate reports whether QEMU used switchover-ack"
            + " (switchover_ack)");
  }

  @Test
  void anOlderQemuOnTheSourceWarnsToo() {
    Findings.assertFinding(
        switchoverAck(TestLab.with(s -> TestLab.host(s, "src").packages.put("qemu-kvm", "8.0.9"))),
        FindingStatus.WARN,
        "src runs QEMU 8.0.9, dst QEMU 9.1.0" + WITHOUT_QEMU_81,
        "upgrade QEMU to 8.1 or later on both hosts (see qemu-version), then restart the VMs on"
            + " the new QEMU");
  }

  @Test
  void aQemuThatCannotBeAskedIsUnknownNeverAssumedToHaveIt() {
    Findings.assertFinding(
        switchoverAck(
            TestLab.with(s -> TestLab.host(s, "dst").services.put("libvirtd", "inactive"))),
        FindingStatus.WARN,
        "src runs QEMU 9.1.0, dst QEMU (unknown)" + WITHOUT_QEMU_81,
        "upgrade QEMU to 8.1 or later on both hosts (see qemu-version), then restart the VMs on"
            + " the new QEMU");
  }

  @Test
  void onlyALibvirtUpTo90IsKnownWithoutIt() {
    assertThat(SwitchoverAckCheck.knownWithout(Optional.of("9.0.0"))).isTrue();
    assertThat(SwitchoverAckCheck.knownWithout(Optional.of("9.1.0"))).isFalse();
    assertThat(SwitchoverAckCheck.knownWithout(Optional.empty())).isFalse();
  }
}
