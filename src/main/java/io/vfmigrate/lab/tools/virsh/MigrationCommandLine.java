package io.vfmigrate.lab.tools.virsh;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One virsh command's arguments parsed as tools/vsh.c parses them: {@code --flag}, {@code --opt
 * VALUE} or {@code --opt=VALUE}, and data arguments that fill the positional options in order (each
 * may also be given by name, e.g. {@code --domain VM}). Errors carry vsh's texts.
 */
public final class MigrationCommandLine {
  /** A usage error, with vsh's message (without the {@code error: } prefix). */
  public static final class UsageException extends Exception {
    private static final long serialVersionUID = 1L;

    UsageException(String message) {
      super(message);
    }
  }

  private final Map<String, String> values = new HashMap<>();
  private final Set<String> flags = new HashSet<>();

  private MigrationCommandLine() {}

  /**
   * Parses {@code args} for {@code command}.
   *
   * @param positional the data options, in order
   * @param required those of them that must be given
   * @param strings options that take a value
   * @param booleans options that do not
   */
  public static MigrationCommandLine parse(
      String command,
      List<String> args,
      List<String> positional,
      Set<String> required,
      Set<String> strings,
      Set<String> booleans)
      throws UsageException {
    MigrationCommandLine line = new MigrationCommandLine();
    int next = 0;
    boolean dataOnly = false;
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      if (!dataOnly && arg.equals("--")) {
        dataOnly = true;
        continue;
      }
      if (!dataOnly && arg.startsWith("--")) {
        String name = arg.substring(2);
        String value = null;
        int eq = name.indexOf('=');
        if (eq >= 0) {
          value = name.substring(eq + 1);
          name = name.substring(0, eq);
        }
        if (booleans.contains(name) && value == null) {
          line.flags.add(name);
        } else if (strings.contains(name) || positional.contains(name)) {
          if (value == null) {
            if (i + 1 >= args.size()) {
              throw new UsageException("expected syntax: --" + name + " <string>");
            }
            value = args.get(++i);
          }
          line.values.put(name, value);
        } else {
          throw new UsageException("command '" + command + "' doesn't support option --" + name);
        }
        continue;
      }
      while (next < positional.size() && line.values.containsKey(positional.get(next))) {
        next++;
      }
      if (next >= positional.size()) {
        throw new UsageException("unexpected data '" + arg + "'");
      }
      line.values.put(positional.get(next++), arg);
    }
    for (String name : positional) {
      if (required.contains(name) && !line.values.containsKey(name)) {
        throw new UsageException("command '" + command + "' requires <" + name + "> option");
      }
    }
    return line;
  }

  public boolean flag(String name) {
    return flags.contains(name);
  }

  public Optional<String> value(String name) {
    return Optional.ofNullable(values.get(name));
  }

  public String required(String name) {
    return values.get(name);
  }
}
