package io.vfmigrate.host;

import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * POSIX shell quoting. Used to show commands to the operator (a dry-run plan must be pasteable)
 * and, over SSH, to pass every argument through the remote shell as exactly one word.
 */
public final class ShellQuoting {
  private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9_@%+=:,./-]+");

  private ShellQuoting() {}

  /** Quotes one argument: unchanged when it is plainly safe, else in single quotes. */
  public static String quote(String arg) {
    if (!arg.isEmpty() && SAFE.matcher(arg).matches()) {
      return arg;
    }
    return "'" + arg.replace("'", "'\\''") + "'";
  }

  /**
   * The command line a remote shell runs for {@code command}: its argv quoted, preceded by {@code
   * env NAME=VALUE...} when the command sets environment variables. {@code env} rather than the
   * shell's {@code NAME=VALUE cmd} form, so that it means the same under any login shell (csh,
   * fish); env execs the program, so its process is still the program itself.
   */
  public static String commandLine(Command command) {
    if (command.env().isEmpty()) {
      return join(command.argv());
    }
    StringBuilder line = new StringBuilder("env");
    command.env().forEach((k, v) -> line.append(' ').append(quote(k + "=" + v)));
    return line.append(' ').append(join(command.argv())).toString();
  }

  /** Quotes every argument and joins them with spaces. */
  public static String join(List<String> argv) {
    return argv.stream().map(ShellQuoting::quote).collect(Collectors.joining(" "));
  }
}
