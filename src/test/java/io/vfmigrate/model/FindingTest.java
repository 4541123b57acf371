package io.vfmigrate.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** A warn or a fail always comes with its fix: an empty or blank one is refused. */
class FindingTest {
  @Test
  void aFailOrAWarnWithoutAFixIsRefused() {
    for (String fix : new String[] {null, "", "   ", "\n\t"}) {
      assertThatThrownBy(() -> Finding.fail("qemu-version", "src", "QEMU 7.2.0", fix))
          .as("fail with fix %s", fix == null ? "null" : "'" + fix + "'")
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("finding qemu-version is fail without a fix");
      assertThatThrownBy(() -> Finding.warn("firmware-version", "src", "28.39.1002", fix))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("finding firmware-version is warn without a fix");
    }
  }

  @Test
  void aPassNeedsNoFixAndKeepsWhatItIsGiven() {
    Finding pass = Finding.pass("qemu-version", "src", "QEMU 9.1.0");
    assertThat(pass.fix()).isEmpty();
    assertThat(pass.failed()).isFalse();
    assertThat(new Finding("nic-model", "src", FindingStatus.PASS, null, null).detail()).isEmpty();

    Finding fail = Finding.fail("qemu-version", "src", "QEMU 7.2.0", "dnf upgrade qemu-kvm");
    assertThat(fail.failed()).isTrue();
    assertThat(fail.fix()).isEqualTo("dnf upgrade qemu-kvm");
    assertThat(fail.detail()).isEqualTo("QEMU 7.2.0");
    assertThat(Finding.warn("a", "b", "c", "d").failed()).isFalse();
  }

  @Test
  void idHostAndStatusAreRequired() {
    assertThatThrownBy(() -> Finding.pass(null, "src", "x"))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> Finding.pass("id", null, "x"))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> new Finding("id", "src", null, "x", "fix"))
        .isInstanceOf(NullPointerException.class);
  }
}
