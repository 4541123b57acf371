package io.vfmigrate.workflow.migrate;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/**
 * The downtime limit rises by 100 ms after three samples in a row whose expected downtime is above
 * it, once per iteration, never beyond the operator's maximum, starting from QEMU's 300 ms.
 */
class SwitchoverPolicyTest {
  private final SwitchoverPolicy policy = new SwitchoverPolicy(Duration.ofMillis(500));

  private static OptionalLong ms(long ms) {
    return OptionalLong.of(ms);
  }

  @Test
  void itStartsAtQemusDefaultLimit() {
    assertThat(policy.current()).isEqualTo(Duration.ofMillis(300));
  }

  @Test
  void threeSamplesAboveTheLimitRaiseItByOneStep() {
    assertThat(policy.next(2, ms(800))).isEmpty();
    assertThat(policy.next(3, ms(800))).isEmpty();
    assertThat(policy.next(4, ms(800))).hasValue(400);
    assertThat(policy.current()).isEqualTo(Duration.ofMillis(400));
    // The count starts again after a raise.
    assertThat(policy.next(5, ms(800))).isEmpty();
    assertThat(policy.next(6, ms(800))).isEmpty();
    assertThat(policy.next(7, ms(800))).hasValue(500);
  }

  @Test
  void aSampleAtOrBelowTheLimitStartsTheCountAgain() {
    policy.next(2, ms(800));
    policy.next(3, ms(800));
    assertThat(policy.next(4, ms(300))).as("exactly at the limit fits").isEmpty();
    assertThat(policy.next(5, ms(800))).isEmpty();
    assertThat(policy.next(6, ms(800))).isEmpty();
    assertThat(policy.next(7, ms(800))).hasValue(400);
  }

  @Test
  void aSampleWithoutAnExpectedDowntimeStartsTheCountAgain() {
    policy.next(2, ms(800));
    policy.next(3, ms(800));
    assertThat(policy.next(4, OptionalLong.empty())).isEmpty();
    assertThat(policy.next(5, ms(800))).isEmpty();
    assertThat(policy.next(6, ms(800))).isEmpty();
    assertThat(policy.next(7, ms(800))).hasValue(400);
  }

  @Test
  void beforeTheSecondIterationNothingIsRaised() {
    for (int i = 0; i < 5; i++) {
      assertThat(policy.next(1, ms(5000))).isEmpty();
    }
    assertThat(policy.current()).isEqualTo(Duration.ofMillis(300));
    // ...and those samples did not count: three more are needed from the second iteration.
    assertThat(policy.next(2, ms(5000))).isEmpty();
    assertThat(policy.next(2, ms(5000))).isEmpty();
    assertThat(policy.next(2, ms(5000))).hasValue(400);
  }

  @Test
  void itRaisesAtMostOncePerIteration() {
    policy.next(2, ms(800));
    policy.next(2, ms(800));
    assertThat(policy.next(2, ms(800))).hasValue(400);
    for (int i = 0; i < 4; i++) {
      assertThat(policy.next(2, ms(800))).as("the same iteration").isEmpty();
    }
    assertThat(policy.next(3, ms(800)))
        .as("a new iteration, samples already counted")
        .hasValue(500);
  }

  @Test
  void itNeverPassesTheOperatorsMaximum() {
    SwitchoverPolicy capped = new SwitchoverPolicy(Duration.ofMillis(350));
    capped.next(2, ms(900));
    capped.next(3, ms(900));
    assertThat(capped.next(4, ms(900))).hasValue(350);
    for (long i = 5; i < 15; i++) {
      assertThat(capped.next(i, ms(900))).isEmpty();
    }
    assertThat(capped.current()).isEqualTo(Duration.ofMillis(350));
  }

  @Test
  void aMaximumAtTheStartingLimitNeverRaises() {
    SwitchoverPolicy capped = new SwitchoverPolicy(Duration.ofMillis(300));
    for (long i = 2; i < 12; i++) {
      assertThat(capped.next(i, ms(900))).isEmpty();
    }
  }
}
