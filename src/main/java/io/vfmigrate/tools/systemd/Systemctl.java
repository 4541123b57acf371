package io.vfmigrate.tools.systemd;

import io.vfmigrate.host.CommandResult;
import io.vfmigrate.host.Host;
import io.vfmigrate.model.InvalidInputException;
import io.vfmigrate.tools.ToolException;
import io.vfmigrate.tools.ToolOutputException;
import io.vfmigrate.tools.ToolRunner;
import java.util.regex.Pattern;

/** systemd's service manager: is a unit running, and start, restart or stop it. */
public final class Systemctl {
  /** The states {@code systemctl is-active} prints: active, inactive, failed, activating, ... */
  private static final Pattern STATE = Pattern.compile("[a-z-]+");

  private static final Pattern UNIT = Pattern.compile("[A-Za-z0-9:_.@\\\\-]+");

  private final ToolRunner runner;

  public Systemctl(Host host) {
    this.runner = new ToolRunner(host, "systemd");
  }

  /**
   * {@code systemctl is-active UNIT}: the state word it prints. A unit that is not active exits 3
   * (an unknown unit too, printing {@code inactive}); that is an answer, not an error.
   */
  public String isActive(String unit) {
    requireUnit(unit);
    CommandResult result = runner.runAllowingFailure("systemctl", "is-active", unit);
    String state = result.stdout().strip();
    if (STATE.matcher(state).matches()) {
      return state;
    }
    if (!result.succeeded()) {
      throw ToolException.failed(runner.host().name(), result, "check systemd: systemctl status");
    }
    throw new ToolOutputException("systemctl is-active", "expected one state word", result);
  }

  /** True when {@code systemctl is-active UNIT} says {@code active}. */
  public boolean active(String unit) {
    return "active".equals(isActive(unit));
  }

  public void start(String unit) {
    change("start", unit);
  }

  public void restart(String unit) {
    change("restart", unit);
  }

  public void stop(String unit) {
    change("stop", unit);
  }

  private void change(String verb, String unit) {
    requireUnit(unit);
    CommandResult result = runner.runAllowingFailure("systemctl", verb, unit);
    if (!result.succeeded()) {
      throw ToolException.failed(runner.host().name(), result, fixFor(result, unit));
    }
  }

  /**
   * systemctl says {@code Failed to start X.service: Unit X.service not found.} for a unit no
   * package provides, and {@code Job for X.service failed ...} when the service itself failed.
   */
  private static String fixFor(CommandResult result, String unit) {
    String text = result.errorText();
    if (text.contains("not found")) {
      return "install the package that provides the unit (for openvswitch: dnf install -y"
          + " openvswitch), then check: systemctl list-unit-files '"
          + unit
          + "*'";
    }
    if (text.contains("Access denied") || text.contains("Interactive authentication required")) {
      return "run vfmigrate as root (or with sudo) on that host.";
    }
    return "see why it failed: systemctl status " + unit + " and journalctl -xeu " + unit;
  }

  private static void requireUnit(String unit) {
    if (unit == null || !UNIT.matcher(unit).matches() || unit.startsWith("-")) {
      throw new InvalidInputException(
          "Invalid systemd unit name '" + unit + "'.", "give a unit name such as openvswitch.");
    }
  }
}
