package io.vfmigrate.lab.tools.devlink;

import io.vfmigrate.lab.machine.HostFacts;
import io.vfmigrate.lab.tools.LabContext;
import io.vfmigrate.lab.tools.ToolEmulator;
import io.vfmigrate.lab.tools.ToolOutput;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * iproute2's {@code devlink} against mlx5 devices: {@code dev show|info|eswitch show|eswitch set},
 * {@code port show|help|function set}, {@code -V}, with {@code -j}/{@code -p}. Formats from
 * devlink/devlink.c at iproute2 v6.2.0 ({@code pr_out_eswitch}, {@code pr_out_info}, {@code
 * pr_out_port}, {@code pr_out_port_function}, the indentation helpers) and lib/json_writer.c;
 * errors from lib/mnl_utils.c and lib/libnetlink.c ({@code Error: MSG.} then {@code kernel answers:
 * STRERROR}, exit 1). Subcommands match by prefix, as {@code dl_argv_match} does. Kernel behaviour
 * from drivers/net/ethernet/mellanox/mlx5/core/eswitch_offloads.c and net/devlink/port.c.
 */
public final class DevlinkEmulator implements ToolEmulator {
  static final Map<String, Character> LONG_OPTIONS =
      Map.of(
          "Version",
          'V',
          "force",
          'f',
          "batch",
          'b',
          "no-nice-names",
          'n',
          "json",
          'j',
          "pretty",
          'p',
          "verbose",
          'v',
          "statistics",
          's',
          "Netns",
          'N',
          "iec",
          'i');

  @Override
  public Set<String> programs() {
    return Set.of("devlink");
  }

  @Override
  public ToolOutput run(LabContext context, List<String> argv, Optional<String> stdin) {
    DevlinkRun r = new DevlinkRun(context);
    boolean options = true;
    for (String arg : argv.subList(1, argv.size())) {
      if (options && arg.equals("--")) {
        options = false;
      } else if (options && arg.startsWith("--") && arg.length() > 2) {
        Optional<Character> opt = longOption(arg.substring(2));
        if (opt.isEmpty()) {
          return r.fail(
              "devlink: unrecognized option '"
                  + arg
                  + "'\nUnknown option.\n"
                  + DevlinkTexts.MAIN_HELP);
        }
        Optional<ToolOutput> done = option(r, opt.get());
        if (done.isPresent()) {
          return done.get();
        }
      } else if (options && arg.startsWith("-") && arg.length() > 1) {
        for (char c : arg.substring(1).toCharArray()) {
          if ("Vfnjpvsix".indexOf(c) < 0) {
            return r.fail(
                "devlink: invalid option -- '"
                    + c
                    + "'\nUnknown option.\n"
                    + DevlinkTexts.MAIN_HELP);
          }
          Optional<ToolOutput> done = option(r, c);
          if (done.isPresent()) {
            return done.get();
          }
        }
      } else {
        r.words.add(arg);
      }
    }
    if (!r.hasArg() || r.match("help")) {
      r.err.append(DevlinkTexts.MAIN_HELP);
      return r.result(0);
    }
    if (r.match("dev")) {
      r.pos++;
      return DevlinkDev.dev(r);
    }
    if (r.match("port")) {
      r.pos++;
      return DevlinkPort.port(r);
    }
    for (String object :
        List.of("sb", "monitor", "dpipe", "resource", "region", "health", "trap", "lc")) {
      if (r.match(object)) {
        return HostFacts.notEmulated("devlink", object);
      }
    }
    return r.fail("Object \"" + r.arg() + "\" not found\n");
  }

  static Optional<Character> longOption(String name) {
    if (LONG_OPTIONS.containsKey(name)) {
      return Optional.of(LONG_OPTIONS.get(name));
    }
    List<Character> candidates = new ArrayList<>();
    for (Map.Entry<String, Character> e : LONG_OPTIONS.entrySet()) {
      if (e.getKey().startsWith(name)) {
        candidates.add(e.getValue());
      }
    }
    return candidates.size() == 1 ? Optional.of(candidates.get(0)) : Optional.empty();
  }

  static Optional<ToolOutput> option(DevlinkRun r, char c) {
    switch (c) {
      case 'V' -> {
        return Optional.of(ToolOutput.ok("devlink utility, iproute2-" + r.iproute + "\n"));
      }
      case 'j' -> r.json = true;
      case 'p' -> r.pretty = true;
      case 'b', 'N' -> {
        return Optional.of(HostFacts.notEmulated("devlink", "-" + c));
      }
      default -> {
        // -f, -n, -v, -s, -i, -x change nothing in the commands emulated here
      }
    }
    return Optional.empty();
  }
}
