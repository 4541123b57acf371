package io.vfmigrate.workflow.migrate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** A guard's refusal always says why and what fixes it: an empty reason or fix is refused. */
class RefusalTest {
  @Test
  void aRefusalWithoutAFixIsRefused() {
    for (String fix : new String[] {null, "", "  "}) {
      assertThatThrownBy(() -> new Refusal("vfs-per-pf", "src: 5 VFs", fix))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("refusal vfs-per-pf without a fix");
    }
  }

  @Test
  void aRefusalWithoutAReasonIsRefused() {
    for (String reason : new String[] {null, "", " "}) {
      assertThatThrownBy(() -> new Refusal("same-host", reason, "pick another host"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("refusal same-host without a reason");
    }
    assertThatThrownBy(() -> new Refusal(null, "r", "f")).isInstanceOf(NullPointerException.class);
  }

  @Test
  void aCompleteRefusalKeepsItsWords() {
    Refusal r = new Refusal("same-host", "src and dst are one host", "pick another --to");
    assertThat(r.guard()).isEqualTo("same-host");
    assertThat(r.reason()).isEqualTo("src and dst are one host");
    assertThat(r.fix()).isEqualTo("pick another --to");
  }
}
