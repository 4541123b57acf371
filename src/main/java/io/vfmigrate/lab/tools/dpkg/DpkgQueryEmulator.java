package io.vfmigrate.lab.tools.dpkg;

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
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code dpkg-query -W|--show [-f=FORMAT|--showformat=FORMAT] [PATTERN...]} on a Debian lab host
 * (dpkg src/query/main.c {@code showpackages}): each installed package that a glob pattern matches,
 * by name, printed through the format (default {@code ${binary:Package}\t${Version}\n}); for each
 * pattern that matches nothing, {@code dpkg-query: no packages found matching PATTERN} on stderr
 * ({@code notice()}), and exit 1. Every lab package is installed ({@code ii}, {@code install ok
 * installed}).
 */
public final class DpkgQueryEmulator implements ToolEmulator {
  private static final String DEFAULT_FORMAT = "${binary:Package}\\t${Version}\\n";
  private static final Pattern FIELD = Pattern.compile("\\$\\{([^}]+)}");

  @Override
  public Set<String> programs() {
    return Set.of("dpkg-query");
  }

  @Override
  public ToolOutput run(LabContext context, List<String> argv, Optional<String> stdin) {
    boolean show = false;
    String format = DEFAULT_FORMAT;
    List<String> patterns = new ArrayList<>();
    List<String> args = argv.subList(1, argv.size());
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      if (arg.equals("-W") || arg.equals("--show")) {
        show = true;
      } else if (arg.startsWith("-f=") || arg.startsWith("--showformat=")) {
        format = arg.substring(arg.indexOf('=') + 1);
      } else if ((arg.equals("-f") || arg.equals("--showformat")) && i + 1 < args.size()) {
        format = args.get(++i);
      } else if (arg.startsWith("-")) {
        return show
            ? ToolOutput.error(2, "dpkg-query: error: unknown option " + arg + "\n")
            : HostFacts.notEmulated("dpkg-query", arg);
      } else {
        patterns.add(arg);
      }
    }
    if (!show) {
      return HostFacts.notEmulated("dpkg-query", String.join(" ", args));
    }
    Map<String, String> installed = new TreeMap<>(HostFacts.installedPackages(context.host()));
    StringBuilder out = new StringBuilder();
    StringBuilder err = new StringBuilder();
    List<PathMatcher> matchers = new ArrayList<>();
    for (String p : patterns) {
      matchers.add(FileSystems.getDefault().getPathMatcher("glob:" + p));
    }
    boolean[] found = new boolean[patterns.size()];
    for (Map.Entry<String, String> pkg : installed.entrySet()) {
      boolean shown = matchers.isEmpty();
      for (int i = 0; i < matchers.size(); i++) {
        if (matchers.get(i).matches(Path.of(pkg.getKey()))) {
          found[i] = true;
          shown = true;
        }
      }
      if (shown) {
        out.append(render(format, pkg.getKey(), pkg.getValue()));
      }
    }
    int misses = 0;
    for (int i = 0; i < patterns.size(); i++) {
      if (!found[i]) {
        err.append("dpkg-query: no packages found matching ").append(patterns.get(i)).append('\n');
        misses++;
      }
    }
    return ToolOutput.of(misses > 0 ? 1 : 0, out.toString(), err.toString());
  }

  /** dpkg's pkg-format: {@code ${field}} and the escapes {@code \n}, {@code \t}, {@code \\}. */
  private static String render(String format, String name, String version) {
    Matcher m = FIELD.matcher(unescape(format));
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String value =
          switch (m.group(1)) {
            case "Package", "binary:Package" -> name;
            case "Version" -> version;
            case "db:Status-Abbrev" -> "ii ";
            case "Status" -> "install ok installed";
            case "db:Status-Want" -> "install";
            case "db:Status-Status" -> "installed";
            case "Architecture" -> "amd64";
            default -> "";
          };
      m.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    m.appendTail(out);
    return out.toString();
  }

  private static String unescape(String format) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < format.length(); i++) {
      char c = format.charAt(i);
      if (c == '\\' && i + 1 < format.length()) {
        char next = format.charAt(++i);
        out.append(
            switch (next) {
              case 'n' -> '\n';
              case 't' -> '\t';
              default -> next;
            });
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }
}
