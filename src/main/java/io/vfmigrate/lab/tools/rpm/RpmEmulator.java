package io.vfmigrate.lab.tools.rpm;

import io.vfmigrate.lab.machine.HostFacts;
import io.vfmigrate.lab.tools.LabContext;
import io.vfmigrate.lab.tools.ToolEmulator;
import io.vfmigrate.lab.tools.ToolOutput;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code rpm -q NAME...} and {@code rpm -qa [PATTERN...]}. Formats from rpm's query.c: the default
 * query format is the NEVRA ({@code NAME-VERSION-RELEASE.ARCH}); a missing package prints {@code
 * package NAME is not installed} on stdout and the exit code is the number of missing packages.
 * {@code -qa} with glob patterns that match nothing prints nothing and exits 0 (rpm's filter
 * iterator is never null, so {@code rpmcliShowMatches} returns 0).
 */
public final class RpmEmulator implements ToolEmulator {
  static final String ARCH = "x86_64";

  @Override
  public Set<String> programs() {
    return Set.of("rpm");
  }

  @Override
  public ToolOutput run(LabContext context, List<String> argv, Optional<String> stdin) {
    boolean query = false;
    boolean all = false;
    List<String> args = new ArrayList<>();
    for (String arg : argv.subList(1, argv.size())) {
      switch (arg) {
        case "-q", "--query" -> query = true;
        case "-qa" -> {
          query = true;
          all = true;
        }
        case "-a", "--all" -> all = true;
        default -> {
          if (arg.startsWith("-")) {
            return ToolOutput.error(1, "rpm: " + arg + ": unknown option\n");
          }
          args.add(arg);
        }
      }
    }
    if (!query) {
      return all
          ? ToolOutput.error(1, "rpm: only one major mode may be specified\n")
          : HostFacts.notEmulated("rpm", String.join(" ", argv.subList(1, argv.size())));
    }
    Map<String, String> packages = HostFacts.installedPackages(context.host());
    return all ? queryAll(packages, args) : queryNames(packages, args);
  }

  private static ToolOutput queryNames(Map<String, String> packages, List<String> names) {
    if (names.isEmpty()) {
      return ToolOutput.error(1, "rpm: no arguments given for query\n");
    }
    StringBuilder out = new StringBuilder();
    int missing = 0;
    for (String name : names) {
      Optional<String> match = find(packages, name);
      if (match.isPresent()) {
        out.append(match.get()).append('\n');
      } else {
        out.append("package ").append(name).append(" is not installed\n");
        missing++;
      }
    }
    return ToolOutput.of(Math.min(missing, 255), out.toString(), "");
  }

  private static Optional<String> find(Map<String, String> packages, String label) {
    for (Map.Entry<String, String> e : packages.entrySet()) {
      String nevra = nevra(e.getKey(), e.getValue());
      String nevr = nevra.substring(0, nevra.length() - ARCH.length() - 1);
      String nv = e.getKey() + "-" + HostFacts.version(e.getValue());
      if (label.equals(e.getKey())
          || label.equals(nevra)
          || label.equals(nevr)
          || label.equals(nv)) {
        return Optional.of(nevra);
      }
    }
    return Optional.empty();
  }

  private static ToolOutput queryAll(Map<String, String> packages, List<String> patterns) {
    List<PathMatcher> matchers = new ArrayList<>();
    for (String p : patterns) {
      matchers.add(FileSystems.getDefault().getPathMatcher("glob:" + p));
    }
    StringBuilder out = new StringBuilder();
    for (Map.Entry<String, String> e : packages.entrySet()) {
      String nevra = nevra(e.getKey(), e.getValue());
      if (matchers.isEmpty() || matchesAll(matchers, e.getKey(), nevra)) {
        out.append(nevra).append('\n');
      }
    }
    return ToolOutput.ok(out.toString());
  }

  /** rpm ANDs the filters given to {@code -qa}; each matches the name or the full NEVRA. */
  private static boolean matchesAll(List<PathMatcher> matchers, String name, String nevra) {
    for (PathMatcher m : matchers) {
      if (!m.matches(Path.of(name)) && !m.matches(Path.of(nevra))) {
        return false;
      }
    }
    return true;
  }

  static String nevra(String name, String value) {
    return name + "-" + HostFacts.version(value) + "-" + HostFacts.release(value) + "." + ARCH;
  }
}
