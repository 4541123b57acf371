package io.vfmigrate.lab.tools.uname;

import io.vfmigrate.lab.machine.HostFacts;
import io.vfmigrate.lab.tools.LabContext;
import io.vfmigrate.lab.tools.ToolEmulator;
import io.vfmigrate.lab.tools.ToolOutput;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@code uname [-snrvmpioa]} (GNU coreutils): the selected fields in the fixed order kernel-name,
 * nodename, release, version, machine, processor, hardware-platform, operating-system, separated by
 * single spaces. RHEL's coreutils report processor and platform as x86_64, so {@code -a} shows
 * x86_64 three times.
 */
public final class UnameEmulator implements ToolEmulator {
  /** The kernel build string of a RHEL 9.4 kernel; the lab does not model build dates. */
  static final String KERNEL_VERSION = "#1 SMP PREEMPT_DYNAMIC Fri Apr 5 10:55:43 EDT 2024";

  private static final String ORDER = "snrvmpio";

  @Override
  public Set<String> programs() {
    return Set.of("uname");
  }

  @Override
  public ToolOutput run(LabContext context, List<String> argv, Optional<String> stdin) {
    StringBuilder flags = new StringBuilder();
    boolean all = false;
    for (String arg : argv.subList(1, argv.size())) {
      switch (arg) {
        case "--all" -> all = true;
        case "--kernel-name" -> flags.append('s');
        case "--nodename" -> flags.append('n');
        case "--kernel-release" -> flags.append('r');
        case "--kernel-version" -> flags.append('v');
        case "--machine" -> flags.append('m');
        case "--processor" -> flags.append('p');
        case "--hardware-platform" -> flags.append('i');
        case "--operating-system" -> flags.append('o');
        default -> {
          if (arg.startsWith("--")) {
            return usageError("unrecognized option '" + arg + "'");
          }
          if (!arg.startsWith("-") || arg.length() == 1) {
            return usageError("extra operand '" + arg + "'");
          }
          for (char c : arg.substring(1).toCharArray()) {
            if (c == 'a') {
              all = true;
            } else if (ORDER.indexOf(c) >= 0) {
              flags.append(c);
            } else {
              return usageError("invalid option -- '" + c + "'");
            }
          }
        }
      }
    }
    if (all) {
      flags.append("snrvmpio");
    }
    if (flags.length() == 0) {
      flags.append('s');
    }
    List<String> fields = new ArrayList<>();
    for (char c : ORDER.toCharArray()) {
      if (flags.indexOf(String.valueOf(c)) >= 0) {
        fields.add(field(context, c));
      }
    }
    return ToolOutput.ok(String.join(" ", fields) + "\n");
  }

  private static String field(LabContext context, char c) {
    return switch (c) {
      case 's' -> "Linux";
      case 'n' -> HostFacts.hostname(context);
      case 'r' -> context.host().kernel;
      case 'v' -> KERNEL_VERSION;
      case 'm', 'p', 'i' -> "x86_64";
      default -> "GNU/Linux";
    };
  }

  private static ToolOutput usageError(String message) {
    return ToolOutput.error(
        1, "uname: " + message + "\nTry 'uname --help' for more information.\n");
  }
}
