package io.vfmigrate.host;

import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * One command to run on a host: an argument vector (never a shell string), optional standard input,
 * a timeout, and environment variables set for this command only (sorted by name).
 */
public record Command(
    List<String> argv, Optional<String> stdin, Duration timeout, Map<String, String> env) {
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

  private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  public Command {
    argv = List.copyOf(Objects.requireNonNull(argv, "argv"));
    if (argv.isEmpty()) {
      throw new IllegalArgumentException("a command needs at least the program name");
    }
    for (String arg : argv) {
      if (arg.indexOf('\0') >= 0) {
        throw new IllegalArgumentException("an argument contains a NUL byte");
      }
    }
    Objects.requireNonNull(stdin, "stdin");
    Objects.requireNonNull(timeout, "timeout");
    Objects.requireNonNull(env, "env");
    for (Map.Entry<String, String> e : env.entrySet()) {
      if (!ENV_NAME.matcher(e.getKey()).matches()) {
        throw new IllegalArgumentException(
            "invalid environment variable name '" + e.getKey() + "'");
      }
      if (e.getValue().indexOf('\0') >= 0) {
        throw new IllegalArgumentException("an environment value contains a NUL byte");
      }
    }
    env = Collections.unmodifiableMap(new TreeMap<>(env));
  }

  /** A command with no environment of its own. */
  public Command(List<String> argv, Optional<String> stdin, Duration timeout) {
    this(argv, stdin, timeout, Map.of());
  }

  public static Command of(String... argv) {
    return new Command(List.of(argv), Optional.empty(), DEFAULT_TIMEOUT);
  }

  public static Command of(List<String> argv) {
    return new Command(argv, Optional.empty(), DEFAULT_TIMEOUT);
  }

  public Command withStdin(String input) {
    return new Command(argv, Optional.of(input), timeout, env);
  }

  public Command withTimeout(Duration newTimeout) {
    return new Command(argv, stdin, newTimeout, env);
  }

  /** The same command with {@code name=value} added to its environment. */
  public Command withEnv(String name, String value) {
    Map<String, String> more = new TreeMap<>(env);
    more.put(name, value);
    return new Command(argv, stdin, timeout, more);
  }

  /**
   * The same command under the C locale ({@code LC_ALL=C}), so that what it prints does not depend
   * on the host's language: virsh, rpm and dpkg-query translate the very lines vfmigrate parses.
   */
  public Command inCLocale() {
    return withEnv("LC_ALL", "C");
  }

  public String program() {
    return argv.get(0);
  }

  /** The command as an operator would type it, each argument quoted only when it needs to be. */
  public String display() {
    return ShellQuoting.join(argv);
  }

  @Override
  public String toString() {
    return display();
  }

  // Written out rather than generated: a record's generated equals and hashCode are bootstrapped
  // through method handles at their first call, which a fresh JVM pays on every run
  // (RecordMethodsTest).
  @Override
  public boolean equals(Object o) {
    return o instanceof Command c
        && argv.equals(c.argv)
        && stdin.equals(c.stdin)
        && timeout.equals(c.timeout)
        && env.equals(c.env);
  }

  @Override
  public int hashCode() {
    return ((argv.hashCode() * 31 + stdin.hashCode()) * 31 + timeout.hashCode()) * 31
        + env.hashCode();
  }
}
