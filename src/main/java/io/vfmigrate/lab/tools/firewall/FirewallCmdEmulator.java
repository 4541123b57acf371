package io.vfmigrate.lab.tools.firewall;

import io.vfmigrate.lab.machine.Platform;
import io.vfmigrate.lab.state.FirewallSpec;
import io.vfmigrate.lab.tools.LabContext;
import io.vfmigrate.lab.tools.ToolEmulator;
import io.vfmigrate.lab.tools.ToolOutput;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * firewalld's {@code firewall-cmd} on a lab host: {@code --state} and {@code --list-ports} (the
 * default zone). As firewalld's command.py prints them: {@code running}, or {@code not running} on
 * stderr with exit code 252 (NOT_RUNNING); any query while firewalld is down prints {@code
 * FirewallD is not running} with 252.
 */
public final class FirewallCmdEmulator implements ToolEmulator {
  static final int NOT_RUNNING = 252;

  @Override
  public Set<String> programs() {
    return Set.of("firewall-cmd");
  }

  @Override
  public ToolOutput run(LabContext context, List<String> argv, Optional<String> stdin) {
    Optional<FirewallSpec> firewall = Platform.firewall(context.host());
    List<String> args = argv.subList(1, argv.size());
    if (args.equals(List.of("--state"))) {
      return firewall.isPresent()
          ? ToolOutput.ok("running\n")
          : ToolOutput.error(NOT_RUNNING, "not running\n");
    }
    if (args.equals(List.of("--list-ports"))) {
      return firewall.isPresent()
          ? ToolOutput.ok(String.join(" ", firewall.get().openPorts) + "\n")
          : ToolOutput.error(NOT_RUNNING, "FirewallD is not running\n");
    }
    return ToolOutput.error(
        2,
        "usage: see firewall-cmd man page\nfirewall-cmd: error: the lab emulates only --state and"
            + " --list-ports\n");
  }
}
