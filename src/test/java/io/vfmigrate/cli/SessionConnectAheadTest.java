package io.vfmigrate.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vfmigrate.host.ssh.ShellSshServer;
import io.vfmigrate.lab.LabException;
import io.vfmigrate.workflow.event.EventSink;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hosts a command names start their SSH login when the session opens, before the lab's state is
 * read ({@link Session#open(CliContext, Optional, EventSink, List)}), and only they.
 */
class SessionConnectAheadTest {
  @TempDir Path home;
  @TempDir Path serverDir;

  private Path inventory(ShellSshServer server, String aHardware) throws Exception {
    Path inventory = home.resolve("inventory.yaml");
    StringBuilder yaml = new StringBuilder("hosts:\n");
    for (String name : List.of("a", "b")) {
      yaml.append("  ")
          .append(name)
          .append(":\n    ssh: root@127.0.0.1:")
          .append(server.port())
          .append("\n    identity_file: ")
          .append(server.clientKey())
          .append("\n    known_hosts: ")
          .append(server.knownHosts())
          .append("\n    pf: 0000:e1:00.0\n");
      if (name.equals("a") && aHardware != null) {
        yaml.append("    emulated_hardware: ").append(aHardware).append("\n");
      }
    }
    Files.writeString(inventory, yaml.toString());
    return inventory;
  }

  private CliContext context() {
    return new CliContext(
        new PrintWriter(new StringWriter()),
        new PrintWriter(new StringWriter()),
        Map.of("VFMIGRATE_HOME", home.toString()));
  }

  @Test
  void theNamedHostsLogInWhenTheSessionOpensAndTheOthersDoNot() throws Exception {
    try (ShellSshServer server = ShellSshServer.start(serverDir)) {
      Path inventory = inventory(server, null);

      try (Session session =
          Session.open(context(), Optional.of(inventory), EventSink.none(), List.of("a"))) {
        // No command has run: the login is the session's own.
        assertThat(eventually(() -> server.acceptedLogins() == 1)).isTrue();
        Thread.sleep(200);
        assertThat(server.acceptedLogins()).isEqualTo(1);
        assertThat(session.fleet().all()).hasSize(2);
      }
      assertThat(eventually(() -> server.openSessions() == 0)).isTrue();
    }
  }

  @Test
  void aLabWithoutTheNamedHardwareIsRefusedAndTheLoginsUnderWayAreClosed() throws Exception {
    try (ShellSshServer server = ShellSshServer.start(serverDir)) {
      Path inventory = inventory(server, "nosuch");

      assertThatThrownBy(
              () ->
                  Session.open(
                      context(), Optional.of(inventory), EventSink.none(), List.of("a", "b")))
          .isInstanceOf(LabException.class)
          .hasMessage("The lab has no host named 'nosuch'.");
      assertThat(eventually(() -> server.openSessions() == 0))
          .as("open SSH sessions: %d", server.openSessions())
          .isTrue();
    }
  }

  private static boolean eventually(BooleanSupplier condition) throws InterruptedException {
    for (int i = 0; i < 200; i++) {
      if (condition.getAsBoolean()) {
        return true;
      }
      Thread.sleep(50);
    }
    return condition.getAsBoolean();
  }
}
