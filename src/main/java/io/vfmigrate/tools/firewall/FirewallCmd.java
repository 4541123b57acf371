package io.vfmigrate.tools.firewall;

import io.vfmigrate.host.CommandResult;
import io.vfmigrate.host.Host;
import io.vfmigrate.tools.ToolException;
import io.vfmigrate.tools.ToolRunner;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * firewalld's client, {@code firewall-cmd} (the firewall of RHEL hosts). {@code --state} prints
 * {@code running}, or {@code not running} on stderr with exit code 252 ({@code NOT_RUNNING});
 * {@code --list-ports} prints the default zone's open ports on one line, separated by spaces.
 */
public final class FirewallCmd {
  /** The package that provides firewall-cmd. */
  public static final String PACKAGE = "firewalld";

  /** firewalld's exit code when the daemon does not run ({@code errors.NOT_RUNNING}). */
  static final int NOT_RUNNING = 252;

  private final ToolRunner runner;

  public FirewallCmd(Host host) {
    this.runner = new ToolRunner(host, PACKAGE);
  }

  /**
   * The open ports of the default zone while firewalld runs; empty when firewalld is not running.
   */
  public Optional<List<PortRange>> openPorts() {
    CommandResult state = runner.runAllowingFailure("firewall-cmd", "--state");
    if (state.exitCode() == NOT_RUNNING) {
      return Optional.empty();
    }
    if (!state.succeeded()) {
      throw ToolException.failed(runner.host().name(), state, "");
    }
    String out = runner.run("firewall-cmd", "--list-ports").stdout();
    List<PortRange> ports = new ArrayList<>();
    for (String word : out.strip().split("\\s+")) {
      if (!word.isEmpty()) {
        ports.add(PortRange.parse(word, out));
      }
    }
    return Optional.of(List.copyOf(ports));
  }
}
