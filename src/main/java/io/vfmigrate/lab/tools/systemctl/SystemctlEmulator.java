package io.vfmigrate.lab.tools.systemctl;

import io.vfmigrate.lab.machine.HostFacts;
import io.vfmigrate.lab.machine.Packages;
import io.vfmigrate.lab.machine.Services;
import io.vfmigrate.lab.state.HostSpec;
import io.vfmigrate.lab.tools.LabContext;
import io.vfmigrate.lab.tools.ToolEmulator;
import io.vfmigrate.lab.tools.ToolOutput;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code systemctl is-active|start|stop|restart UNIT...} and {@code list-unit-files} against {@code
 * HostSpec.services}.
 *
 * <p>Texts and codes from systemd (252, RHEL 9): is-active prints one state per unit and exits 0
 * when at least one is active, else 3 ({@code inactive} also for a unit that does not exist).
 * Start/restart of a unit that does not exist: {@code Failed to start X.service: Unit X.service not
 * found.}; stop: {@code Failed to stop X.service: Unit X.service not loaded.} (dbus-unit.c, {@code
 * bus_unit_queue_job}); both exit 5 (EXIT_NOTINSTALLED, {@code
 * translate_bus_error_to_exit_status}).
 *
 * <p>{@code list-unit-files [--no-legend] [PATTERN...]} (systemctl-list-unit-files.c): a table of
 * unit file, state and preset, sorted by type suffix then name, columns one space apart; with the
 * legend a header line and {@code \nN unit files listed.}; nothing matching exits 1. The units are
 * those of the installed packages: Open vSwitch's is {@code openvswitch} on RHEL and {@code
 * openvswitch-switch} on Debian and Ubuntu. A unit the host's {@code services} lists is {@code
 * enabled} (the host uses it: {@code libvirtd} for the monolithic daemon, {@code virtqemud} for the
 * modular ones), any other {@code disabled}; the preset column is not modelled ({@code disabled}).
 */
public final class SystemctlEmulator implements ToolEmulator {
  /** Units that come with a package: absent when the package is not installed. */
  private static final Map<String, String> UNIT_PACKAGE =
      Map.of(
          "ovsdb-server", "openvswitch",
          "ovs-vswitchd", "openvswitch",
          "libvirtd", "libvirt",
          "virtqemud", "libvirt",
          "virtproxyd", "libvirt",
          "mst", "mstflint");

  /** The main unit of Open vSwitch on either kind of host. */
  private static final Set<String> OVS_UNITS = Set.of("openvswitch", "openvswitch-switch");

  /** Units Open vSwitch's own unit pulls in; they follow its state unless listed themselves. */
  private static final Set<String> OVS_PARTS = Set.of("ovsdb-server", "ovs-vswitchd");

  private static final Set<String> BASE_UNITS =
      Set.of("sshd", "systemd-journald", "systemd-udevd", "chronyd", "NetworkManager");

  @Override
  public Set<String> programs() {
    return Set.of("systemctl");
  }

  @Override
  public ToolOutput run(LabContext context, List<String> argv, Optional<String> stdin) {
    boolean quiet = false;
    boolean legend = true;
    List<String> args = new ArrayList<>();
    for (String arg : argv.subList(1, argv.size())) {
      if (arg.equals("-q") || arg.equals("--quiet")) {
        quiet = true;
      } else if (arg.equals("--no-pager") || arg.equals("--no-block") || arg.equals("--now")) {
        continue;
      } else if (arg.equals("--no-legend")) {
        legend = false;
      } else if (arg.startsWith("--")) {
        return ToolOutput.error(1, "systemctl: unrecognized option '" + arg + "'\n");
      } else if (arg.startsWith("-") && arg.length() > 1) {
        return ToolOutput.error(1, "systemctl: invalid option -- '" + arg.charAt(1) + "'\n");
      } else {
        args.add(arg);
      }
    }
    if (args.isEmpty()) {
      return HostFacts.notEmulated("systemctl", "list-units");
    }
    String verb = args.get(0);
    List<String> units = args.subList(1, args.size());
    return switch (verb) {
      case "is-active" -> isActive(context.host(), units, quiet);
      case "list-unit-files" -> listUnitFiles(context.host(), units, legend);
      case "start", "restart" -> start(context.host(), verb, units);
      case "stop" -> stop(context.host(), units);
      case "status", "enable", "disable", "is-enabled", "reload", "daemon-reload", "show" ->
          HostFacts.notEmulated("systemctl", verb);
      default -> ToolOutput.error(1, "Unknown command verb " + verb + ".\n");
    };
  }

  private static ToolOutput isActive(HostSpec host, List<String> units, boolean quiet) {
    if (units.isEmpty()) {
      return ToolOutput.error(1, "Too few arguments.\n");
    }
    StringBuilder out = new StringBuilder();
    boolean anyActive = false;
    for (String unit : units) {
      String state = state(host, name(unit));
      anyActive |= state.equals("active");
      out.append(state).append('\n');
    }
    return ToolOutput.of(anyActive ? 0 : 3, quiet ? "" : out.toString(), "");
  }

  private static ToolOutput start(HostSpec host, String verb, List<String> units) {
    if (units.isEmpty()) {
      return ToolOutput.error(1, "Too few arguments.\n");
    }
    StringBuilder err = new StringBuilder();
    for (String unit : units) {
      String name = name(unit);
      if (!exists(host, name)) {
        err.append("Failed to ")
            .append(verb)
            .append(' ')
            .append(name)
            .append(".service: Unit ")
            .append(name)
            .append(".service not found.\n");
        continue;
      }
      if (verb.equals("restart")) {
        Services.restart(host, name);
      } else {
        Services.start(host, name);
      }
    }
    return ToolOutput.of(err.length() == 0 ? 0 : 5, "", err.toString());
  }

  private static ToolOutput stop(HostSpec host, List<String> units) {
    if (units.isEmpty()) {
      return ToolOutput.error(1, "Too few arguments.\n");
    }
    StringBuilder err = new StringBuilder();
    for (String unit : units) {
      String name = name(unit);
      if (!exists(host, name)) {
        err.append("Failed to stop ")
            .append(name)
            .append(".service: Unit ")
            .append(name)
            .append(".service not loaded.\n");
        continue;
      }
      Services.stop(host, name);
    }
    return ToolOutput.of(err.length() == 0 ? 0 : 5, "", err.toString());
  }

  private static ToolOutput listUnitFiles(HostSpec host, List<String> patterns, boolean legend) {
    List<PathMatcher> matchers = new ArrayList<>();
    for (String p : patterns) {
      matchers.add(FileSystems.getDefault().getPathMatcher("glob:" + p));
    }
    List<List<String>> rows = new ArrayList<>();
    for (String unit : unitFiles(host)) {
      if (matchers.isEmpty() || matchers.stream().anyMatch(m -> m.matches(Path.of(unit)))) {
        String name = name(unit);
        String state =
            OVS_PARTS.contains(name)
                ? "static"
                : host.services.containsKey(name) || BASE_UNITS.contains(name)
                    ? "enabled"
                    : "disabled";
        rows.add(List.of(unit, state, OVS_PARTS.contains(name) ? "-" : "disabled"));
      }
    }
    rows.sort(
        Comparator.comparing((List<String> r) -> suffix(r.get(0)), String.CASE_INSENSITIVE_ORDER)
            .thenComparing(r -> r.get(0), String.CASE_INSENSITIVE_ORDER));
    StringBuilder out = new StringBuilder();
    List<List<String>> table = new ArrayList<>();
    if (legend) {
      table.add(List.of("UNIT FILE", "STATE", "PRESET"));
    }
    table.addAll(rows);
    int[] width = new int[3];
    for (List<String> row : table) {
      for (int i = 0; i < 3; i++) {
        width[i] = Math.max(width[i], row.get(i).length());
      }
    }
    for (List<String> row : table) {
      out.append(pad(row.get(0), width[0]))
          .append(' ')
          .append(pad(row.get(1), width[1]))
          .append(' ')
          .append(row.get(2))
          .append('\n');
    }
    if (legend) {
      out.append('\n').append(rows.size()).append(" unit files listed.\n");
    }
    return ToolOutput.of(rows.isEmpty() ? 1 : 0, out.toString(), "");
  }

  /** Every unit file of the host: the base system's and those of its installed packages. */
  private static Set<String> unitFiles(HostSpec host) {
    Set<String> units = new LinkedHashSet<>();
    BASE_UNITS.forEach(u -> units.add(u + ".service"));
    for (String unit : OVS_UNITS) {
      if (exists(host, unit)) {
        units.add(unit + ".service");
      }
    }
    UNIT_PACKAGE.forEach(
        (unit, pkg) -> {
          if (Packages.installed(host, pkg)) {
            units.add(unit + ".service");
          }
        });
    for (String unit : host.services.keySet()) {
      if (exists(host, unit)) {
        units.add(unit + ".service");
      }
    }
    return units;
  }

  private static String suffix(String unit) {
    int dot = unit.lastIndexOf('.');
    return dot < 0 ? "" : unit.substring(dot);
  }

  private static String pad(String s, int width) {
    return s + " ".repeat(width - s.length());
  }

  private static String name(String unit) {
    return unit.endsWith(".service")
        ? unit.substring(0, unit.length() - ".service".length())
        : unit;
  }

  private static boolean exists(HostSpec host, String unit) {
    if (OVS_UNITS.contains(unit)) {
      return unit.equals(Packages.ovsUnit(host)) && Packages.installed(host, "openvswitch");
    }
    String pkg = UNIT_PACKAGE.get(unit);
    if (pkg != null) {
      return Packages.installed(host, pkg);
    }
    return host.services.containsKey(unit) || BASE_UNITS.contains(unit);
  }

  private static String state(HostSpec host, String unit) {
    if (!exists(host, unit)) {
      return "inactive";
    }
    String state = host.services.get(unit);
    if (state == null && OVS_PARTS.contains(unit)) {
      state = host.services.get(Packages.ovsUnit(host));
    }
    if (state == null) {
      return BASE_UNITS.contains(unit) ? "active" : "inactive";
    }
    return state;
  }
}
