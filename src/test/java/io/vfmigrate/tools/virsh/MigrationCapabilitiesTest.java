package io.vfmigrate.tools.virsh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vfmigrate.tools.FakeHost.Fixtures;
import io.vfmigrate.tools.ToolOutputException;
import org.junit.jupiter.api.Test;

class MigrationCapabilitiesTest {
  @Test
  void aMigrationThatLibvirtStartedWithSwitchoverAckAndMultifd() {
    MigrationCapabilities c =
        MigrationCapabilities.parse(
            Fixtures.read("virsh/query-migrate-capabilities-8.2-migrating.json"));

    assertThat(c.state("switchover-ack")).contains(true);
    assertThat(c.state("multifd")).contains(true);
    assertThat(c.state("postcopy-ram")).contains(false);
    assertThat(c.supports("mapped-ram")).isFalse();
  }

  @Test
  void qemu72HasNoSwitchoverAck() {
    MigrationCapabilities c =
        MigrationCapabilities.parse(Fixtures.read("virsh/query-migrate-capabilities-7.2.json"));

    assertThat(c.supports("switchover-ack")).isFalse();
    assertThat(c.state("switchover-ack")).isEmpty();
    assertThat(c.supports("multifd")).isTrue();
  }

  @Test
  void anErrorReplyIsNotCapabilities() {
    assertThatThrownBy(
            () ->
                MigrationCapabilities.parse(
                    "{\"id\":\"libvirt-5\",\"error\":{\"class\":\"CommandNotFound\","
                        + "\"desc\":\"The command query-migrate-capabilities has not been"
                        + " found\"}}"))
        .isInstanceOf(ToolOutputException.class)
        .hasMessageContaining("CommandNotFound");
  }
}
