package io.vfmigrate.tools.systemd;

import io.vfmigrate.host.CommandResult;
import io.vfmigrate.host.Host;
import io.vfmigrate.model.InvalidInputException;
import io.vfmigrate.tools.ToolException;
import io.vfmigrate.tools.ToolOutputException;
import io.vfmigrate.tools.ToolRunner;
import java.util.ArrayList;
import java.util.List;
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

  /**
   * {@code systemctl list-unit-files --no-legend PATTERN...}: the unit files the host has that
   * match (names or globs such as {@code 'openvswitch*.service'}), one per line: file, state,
   * preset (systemctl-list-unit-files.c). systemd 248 and later exit 1 when nothing matches; older
   * ones print nothing and exit 0. Both mean none.
   */
  public List<UnitFile> unitFiles(String... patterns) {
    List<String> argv = new ArrayList<>(List.of("systemctl", "list-unit-files", "--no-legend"));
    for (String p : patterns) {
      requireUnit(p.replace("*", ""));
      argv.add(p);
    }
    CommandResult result = runner.runAllowingFailure(argv.toArray(String[]::new));
    List<UnitFile> files = new ArrayList<>();
    for (String line : result.stdout().split("\n")) {
      String[] cols = line.strip().split("\\s+");
      if (cols.length >= 2 && !cols[0].isEmpty()) {
        files.add(new UnitFile(cols[0], cols[1]));
      } else if (!line.isBlank()) {
        throw new ToolOutputException(
            "systemctl list-unit-files", "expected a unit file and its state", result);
      }
    }
    boolean noneMatched = result.exitCode() == 1 && files.isEmpty() && result.stderr().isBlank();
    if (!result.succeeded() && !noneMatched) {
      throw ToolException.failed(runner.host().name(), result, "check systemd: systemctl status");
    }
    return files;
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
      String install =
          unit.startsWith("openvswitch-switch")
              ? "apt-get install -y openvswitch-switch"
              : unit.startsWith("openvswitch") ? "dnf install -y openvswitch" : "";
      return "install the package that provides the unit"
          + (install.isEmpty() ? "" : " (" + install + ")")
          + ", then check: systemctl list-unit-files '"
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
