package io.vfmigrate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class WarmUpTest {
  @Test
  void everyWarmUpCompletesOnTheInputsItParses() {
    // A change to the inventory's or the lab's schema that made these inputs invalid would turn
    // the warm-up into silent dead weight; this keeps them parsing.
    assertThat(WarmUp.run()).isTrue();
  }

  @Test
  void commandsThatReachHostsAreWarmedHelpAndVersionAreNot() {
    assertThat(WarmUp.worthIt(new String[] {"migrate", "vm1", "--from", "a", "--to", "b"}))
        .isTrue();
    assertThat(WarmUp.worthIt(new String[] {"-v", "check"})).isTrue();
    assertThat(WarmUp.worthIt(new String[] {})).isFalse();
    assertThat(WarmUp.worthIt(new String[] {"--version"})).isFalse();
    assertThat(WarmUp.worthIt(new String[] {"help", "migrate"})).isFalse();
    assertThat(WarmUp.worthIt(new String[] {"completion", "bash"})).isFalse();
    assertThat(WarmUp.worthIt(new String[] {"migrate", "--help"})).isFalse();
  }
}
