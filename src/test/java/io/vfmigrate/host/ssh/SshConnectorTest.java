package io.vfmigrate.host.ssh;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.common.kex.KeyExchangeFactory;
import org.junit.jupiter.api.Test;

class SshConnectorTest {
  @Test
  void theFastKeyExchangesAreAskedForFirstAndNoneIsDropped() {
    List<KeyExchangeFactory> mina = SshClient.setUpDefaultClient().getKeyExchangeFactories();
    assertThat(mina.get(0).getName()).startsWith("sntrup761x25519");

    List<String> ordered =
        SshConnector.fastKeyExchangeFirst(mina).stream().map(KeyExchangeFactory::getName).toList();

    assertThat(ordered)
        .startsWith("mlkem768x25519-sha256", "curve25519-sha256", "curve25519-sha256@libssh.org")
        .containsExactlyInAnyOrderElementsOf(
            mina.stream().map(KeyExchangeFactory::getName).toList());
    // The post-quantum sntrup761 stays offered, right after them, before the classical rest.
    assertThat(ordered.get(3)).startsWith("sntrup761x25519");
  }
}
