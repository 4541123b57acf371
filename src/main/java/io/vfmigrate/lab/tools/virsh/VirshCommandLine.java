package io.vfmigrate.lab.tools.virsh;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The options of one virsh command, parsed as virsh parses them (libvirt tools/vsh.c {@code
 * vshCommandParse}, {@code vshCmddefGetOption}, {@code vshCommandCheckOpts}): {@code --opt value},
 * {@code --opt=value}, positional data filling the data options in order, {@code --} ending
 * options. Errors carry virsh's own texts. It is the lab's one virsh parser: every virsh command,
 * {@code migrate} and the job commands included, is read through it.
 */
public final class VirshCommandLine {
  /** How an option takes its value. */
  public enum Kind {
    /** A flag: {@code --live}. */
    BOOL,
    /** {@code --driver NAME}, never positional. */
    STRING,
    /** A positional argument that may also be named: {@code VM} or {@code --domain VM}. */
    DATA,
    /** All remaining positional arguments, joined by single spaces. */
    ARGV
  }

  /** One option definition. */
  public record Opt(String name, Kind kind, boolean required) {
    static Opt flag(String name) {
      return new Opt(name, Kind.BOOL, false);
    }

    static Opt string(String name) {
      return new Opt(name, Kind.STRING, false);
    }

    static Opt data(String name) {
      return new Opt(name, Kind.DATA, true);
    }

    static Opt optionalData(String name) {
      return new Opt(name, Kind.DATA, false);
    }

    static Opt argv(String name) {
      return new Opt(name, Kind.ARGV, true);
    }
  }

  /** A parse failure: virsh's message, printed as {@code error: MESSAGE}. */
  public static final class UsageException extends Exception {
    private static final long serialVersionUID = 1L;

    UsageException(String message) {
      super(message);
    }
  }

  private final String command;
  private final Map<String, String> values;
  private final Set<String> flags;

  private VirshCommandLine(String command, Map<String, String> values, Set<String> flags) {
    this.command = command;
    this.values = values;
    this.flags = flags;
  }

  public String command() {
    return command;
  }

  public boolean flag(String name) {
    return flags.contains(name);
  }

  public Optional<String> value(String name) {
    return Optional.ofNullable(values.get(name));
  }

  /** A required option's value; the parser has already checked that it is present. */
  public String required(String name) {
    String value = values.get(name);
    if (value == null) {
      throw new IllegalStateException("option " + name + " was not declared required");
    }
    return value;
  }

  public static VirshCommandLine parse(String command, List<Opt> opts, List<String> args)
      throws UsageException {
    Map<String, Opt> byName = new LinkedHashMap<>();
    List<Opt> positional = new ArrayList<>();
    for (Opt opt : opts) {
      byName.put(opt.name(), opt);
      if (opt.kind() == Kind.DATA || opt.kind() == Kind.ARGV) {
        positional.add(opt);
      }
    }
    Map<String, String> values = new LinkedHashMap<>();
    Set<String> flags = new HashSet<>();
    boolean dataOnly = false;
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      if (!dataOnly && arg.equals("--")) {
        dataOnly = true;
        continue;
      }
      if (!dataOnly
          && arg.length() > 2
          && arg.startsWith("--")
          && Character.isLetterOrDigit(arg.charAt(2))) {
        String name = arg.substring(2);
        String inline = null;
        int eq = name.indexOf('=');
        if (eq >= 0) {
          inline = name.substring(eq + 1);
          name = name.substring(0, eq);
        }
        Opt opt = byName.get(name);
        if (opt == null) {
          throw new UsageException("command '" + command + "' doesn't support option --" + name);
        }
        if (opt.kind() == Kind.BOOL) {
          if (inline != null) {
            throw new UsageException("invalid '=' after option --" + name);
          }
          flags.add(name);
          continue;
        }
        String value = inline;
        if (value == null) {
          if (i + 1 >= args.size()) {
            throw new UsageException("expected syntax: --" + name + " <string>");
          }
          value = args.get(++i);
        }
        store(opt, value, values);
        continue;
      }
      Opt next = null;
      for (Opt opt : positional) {
        if (opt.kind() == Kind.ARGV || !values.containsKey(opt.name())) {
          next = opt;
          break;
        }
      }
      if (next == null) {
        throw new UsageException("unexpected data '" + arg + "'");
      }
      store(next, arg, values);
    }
    for (Opt opt : opts) {
      if (opt.required() && !values.containsKey(opt.name())) {
        throw new UsageException(
            opt.kind() == Kind.STRING
                ? "command '" + command + "' requires --" + opt.name() + " option"
                : "command '" + command + "' requires <" + opt.name() + "> option");
      }
    }
    return new VirshCommandLine(command, values, flags);
  }

  /**
   * Parses {@code args} for {@code command}, its options declared by kind.
   *
   * @param data the data options, in order (each may also be given by name)
   * @param required those of them that must be given
   * @param strings options that take a value
   * @param flags options that do not
   */
  public static VirshCommandLine parse(
      String command,
      List<String> args,
      List<String> data,
      Set<String> required,
      Set<String> strings,
      Set<String> flags)
      throws UsageException {
    List<Opt> opts = new ArrayList<>();
    data.forEach(name -> opts.add(new Opt(name, Kind.DATA, required.contains(name))));
    strings.forEach(name -> opts.add(Opt.string(name)));
    flags.forEach(name -> opts.add(Opt.flag(name)));
    return parse(command, opts, args);
  }

  private static void store(Opt opt, String value, Map<String, String> values) {
    if (opt.kind() == Kind.ARGV) {
      values.merge(opt.name(), value, (a, b) -> a + " " + b);
    } else {
      values.put(opt.name(), value);
    }
  }
}
