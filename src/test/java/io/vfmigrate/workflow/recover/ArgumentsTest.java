package io.vfmigrate.workflow.recover;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Options read back from the arguments an operation was journaled with (shell-quoted words). */
class ArgumentsTest {
  @Test
  void aValueFollowsItsOptionOrItsEqualsSign() {
    assertThat(Arguments.value("prepare --host dst --vfs 2", "--vfs")).contains("2");
    assertThat(Arguments.value("  prepare --bridge=br-x --vfs 2 ", "--bridge")).contains("br-x");
    assertThat(Arguments.value("prepare --host dst", "--host")).contains("dst");
  }

  @Test
  void aQuotedValueIsUnquoted() {
    assertThat(Arguments.value("prepare --bridge 'br-q'", "--bridge")).contains("br-q");
    assertThat(Arguments.value("prepare --bridge='br-q'", "--bridge")).contains("br-q");
    assertThat(Arguments.value("prepare --bridge ''", "--bridge")).contains("");
    assertThat(Arguments.value("prepare --bridge '", "--bridge")).contains("'");
    assertThat(Arguments.value("prepare --bridge 'br", "--bridge")).contains("'br");
  }

  @Test
  void anAbsentOptionOrOneWithoutAValueHasNone() {
    assertThat(Arguments.value("prepare --host dst", "--vfs")).isEmpty();
    assertThat(Arguments.value("prepare --vfs-max 3", "--vfs")).isEmpty();
    assertThat(Arguments.value("prepare --host dst --vfs", "--vfs")).isEmpty();
  }
}
