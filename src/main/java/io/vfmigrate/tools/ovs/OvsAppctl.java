package io.vfmigrate.tools.ovs;

import io.vfmigrate.host.CommandResult;
import io.vfmigrate.host.Host;
import io.vfmigrate.tools.ToolException;
import io.vfmigrate.tools.ToolOutputException;
import io.vfmigrate.tools.ToolRunner;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code ovs-appctl} adapter: what the running ovs-vswitchd says about itself, as opposed to
 * what its database asks of it ({@link OvsVsctl}).
 *
 * <p>{@code ovs-appctl dpif/offload/show} (Open vSwitch 3.7 and later, ofproto/ofproto-dpif.c)
 * prints {@code Globally enabled: true|false} then its datapaths. Older versions answer on stderr
 * {@code "dpif/offload/show" is not a valid command (use "list-commands" to see a list of valid
 * commands)} and {@code ovs-appctl: ovs-vswitchd: server returned an error}, exit 2 (lib/unixctl.c,
 * utilities/ovs-appctl.c; captured from Open vSwitch 3.1.0).
 */
public final class OvsAppctl {
  private static final Pattern ENABLED =
      Pattern.compile("^Globally enabled: (true|false)$", Pattern.MULTILINE);
  private static final String NOT_A_COMMAND = "\"dpif/offload/show\" is not a valid command";

  private final ToolRunner runner;

  public OvsAppctl(Host host) {
    this.runner = new ToolRunner(host, OvsVsctl.PACKAGE);
  }

  /**
   * Whether the running ovs-vswitchd has hardware offload on; empty when this Open vSwitch (before
   * 3.7) cannot tell. Any other failure (ovs-vswitchd not running: {@code cannot read pidfile})
   * throws {@link ToolException}.
   */
  public Optional<Boolean> offloadEnabled() {
    CommandResult result = runner.runAllowingFailure("ovs-appctl", "dpif/offload/show");
    if (!result.succeeded()) {
      if (result.stderr().contains(NOT_A_COMMAND)) {
        return Optional.empty();
      }
      throw ToolException.failed(
          runner.host().name(),
          result,
          "check that ovs-vswitchd runs (systemctl status ovs-vswitchd)");
    }
    Matcher m = ENABLED.matcher(result.stdout());
    if (!m.find()) {
      throw new ToolOutputException(
          "ovs-appctl", "dpif/offload/show printed no 'Globally enabled:' line", result);
    }
    return Optional.of(Boolean.parseBoolean(m.group(1)));
  }
}
