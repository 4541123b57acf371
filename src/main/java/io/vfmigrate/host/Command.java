package io.vfmigrate.host;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One command to run on a host: an argument vector (never a shell string), optional standard input,
 * and a timeout.
 */
public record Command(List<String> argv, Optional<String> stdin, Duration timeout) {
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

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
  }

  public static Command of(String... argv) {
    return new Command(List.of(argv), Optional.empty(), DEFAULT_TIMEOUT);
  }

  public static Command of(List<String> argv) {
    return new Command(argv, Optional.empty(), DEFAULT_TIMEOUT);
  }

  public Command withStdin(String input) {
    return new Command(argv, Optional.of(input), timeout);
  }

  public Command withTimeout(Duration newTimeout) {
    return new Command(argv, stdin, newTimeout);
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
}
