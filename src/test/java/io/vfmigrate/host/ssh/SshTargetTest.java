package io.vfmigrate.host.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vfmigrate.model.InvalidInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SshTargetTest {
  @Test
  void parsesUserHostAndPort() {
    assertThat(SshTarget.parse("root@192.0.2.11"))
        .isEqualTo(new SshTarget("root", "192.0.2.11", 22));
    assertThat(SshTarget.parse("admin@kvm-a.example.com:2222"))
        .isEqualTo(new SshTarget("admin", "kvm-a.example.com", 2222));
    assertThat(SshTarget.parse("root@[2001:db8::11]"))
        .isEqualTo(new SshTarget("root", "2001:db8::11", 22));
    assertThat(SshTarget.parse("root@[::1]:2200")).isEqualTo(new SshTarget("root", "::1", 2200));
  }

  @Test
  void showsItselfAsItWasWritten() {
    assertThat(SshTarget.parse("root@192.0.2.11")).hasToString("root@192.0.2.11");
    assertThat(SshTarget.parse("root@[2001:db8::11]:2222")).hasToString("root@[2001:db8::11]:2222");
    assertThat(SshTarget.parse("root@kvm-a:2222").knownHostsName()).isEqualTo("[kvm-a]:2222");
    assertThat(SshTarget.parse("root@kvm-a").knownHostsName()).isEqualTo("kvm-a");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "192.0.2.11",
        "root@",
        "@host",
        "root@host:",
        "root@host:0",
        "root@host:65536",
        "root@host:22x",
        "root@2001:db8::11",
        "root@[kvm-a]",
        "root;id@host",
        "root@host;id",
        "root@$(id)",
        "root@-oProxyCommand=id",
        "root@host name",
        "-oProxyCommand=x@host",
        "root@host`id`",
        "root@ho'st",
        "root@@host"
      })
  void refusesAnythingElse(String text) {
    assertThatThrownBy(() -> SshTarget.parse(text))
        .isInstanceOf(InvalidInputException.class)
        .satisfies(e -> assertThat(((InvalidInputException) e).fix()).isNotBlank());
  }

  @Test
  void aBareIpv6AddressIsToldToUseBrackets() {
    assertThatThrownBy(() -> SshTarget.parse("root@2001:db8::11"))
        .isInstanceOfSatisfying(
            InvalidInputException.class, e -> assertThat(e.fix()).contains("brackets"));
  }
}
