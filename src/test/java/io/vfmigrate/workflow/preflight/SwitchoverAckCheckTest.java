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
}
