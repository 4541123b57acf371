package io.vfmigrate.tools.ping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vfmigrate.tools.FakeHost.Fixtures;
import io.vfmigrate.tools.ToolOutputException;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PingSummaryTest {
  @Test
  void iputilsWithoutLoss() {
    PingSummary s = PingSummary.parse(Fixtures.read("ping/iputils-ok.txt"));

    assertThat(s.transmitted()).isEqualTo(3);
    assertThat(s.received()).isEqualTo(3);
    assertThat(s.lossPercent()).isEqualByComparingTo("0");
    assertThat(s.noLoss()).isTrue();
    assertThat(s.time()).contains(Duration.ofMillis(2031));
    assertThat(s.rtt())
        .contains(new PingSummary.RoundTrip(0.106, 0.162, 0.259, Optional.of(0.068)));
  }

  @Test
  void iputilsLossIsPrintedWithPercentG() {
    PingSummary s = PingSummary.parse(Fixtures.read("ping/iputils-loss-third.txt"));

    assertThat(s.lossPercent()).isEqualTo(new BigDecimal("33.3333"));
    assertThat(s.noLoss()).isFalse();
    assertThat(s.anyReceived()).isTrue();
  }

  @Test
  void iputilsDuplicatesAndPipe() {
    PingSummary s = PingSummary.parse(Fixtures.read("ping/iputils-duplicates-pipe.txt"));

    assertThat(s.duplicates()).isEqualTo(6);
    assertThat(s.noLoss()).isTrue();
    assertThat(s.rtt().orElseThrow().max()).isEqualTo(1.020);
  }

  @Test
  void iputilsNothingReceivedHasErrorsAndNoRtt() {
    PingSummary s = PingSummary.parse(Fixtures.read("ping/iputils-none-received.txt"));

    assertThat(s.received()).isZero();
    assertThat(s.errors()).isEqualTo(3);
    assertThat(s.lossPercent()).isEqualByComparingTo("100");
    assertThat(s.rtt()).isEmpty();
    assertThat(s.anyReceived()).isFalse();
  }

  @Test
  void busyboxHasPacketsReceivedRoundTripAndNoTime() {
    PingSummary s = PingSummary.parse(Fixtures.read("ping/busybox-ok.txt"));

    assertThat(s.received()).isEqualTo(3);
    assertThat(s.time()).isEmpty();
    assertThat(s.noLoss()).isTrue();
    assertThat(s.rtt()).contains(new PingSummary.RoundTrip(0.070, 0.080, 0.090, Optional.empty()));
  }

  @Test
  void busyboxDuplicatesWithoutPlus() {
    PingSummary s = PingSummary.parse(Fixtures.read("ping/busybox-loss-duplicates.txt"));

    assertThat(s.duplicates()).isEqualTo(1);
    assertThat(s.lossPercent()).isEqualByComparingTo("50");
  }

  @Test
  void missingSummaryIsAnOutputError() {
    assertThatThrownBy(() -> PingSummary.parse(Fixtures.read("ping/iputils-unreachable.stderr")))
        .isInstanceOf(ToolOutputException.class)
        .hasMessageContaining("Network is unreachable");
    assertThatThrownBy(
            () -> PingSummary.parse(Fixtures.read("ping/iputils-unknown-interface.stderr")))
        .isInstanceOf(ToolOutputException.class);
    assertThatThrownBy(() -> PingSummary.parse("3 packets transmitted, 3 received\n"))
        .isInstanceOf(ToolOutputException.class)
        .hasMessageContaining("packet loss");
    assertThatThrownBy(() -> PingSummary.parse(null)).isInstanceOf(ToolOutputException.class);
  }
}
