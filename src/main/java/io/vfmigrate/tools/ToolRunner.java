package io.vfmigrate.tools;

import io.vfmigrate.host.Command;
import io.vfmigrate.host.CommandResult;
import io.vfmigrate.host.Host;
import io.vfmigrate.host.Read;
import io.vfmigrate.host.RunningCommand;
import java.util.List;
import java.util.Objects;

/**
 * Runs one tool's commands on a host and turns the shell's "command not found" (exit 127) into
 * {@link ToolNotInstalledException} naming the package that provides the tool. Every command runs
 * in the C locale ({@code LC_ALL=C}): the adapters parse English text, and a host's language is its
 * operator's choice.
 */
public final class ToolRunner {
  private final Host host;
  private final String packageName;

  public ToolRunner(Host host, String packageName) {
    this.host = Objects.requireNonNull(host, "host");
    this.packageName = Objects.requireNonNull(packageName, "packageName");
  }

  /** Runs the command; exit 127 and any other non-zero exit code throw. */
  public CommandResult run(String... argv) {
    return check(runAllowingFailure(argv), "");
  }

  /** Runs the command; only a missing program (exit 127) throws. */
  public CommandResult runAllowingFailure(String... argv) {
    return execute(Command.of(argv));
  }

  /** Runs a prepared command (stdin, timeout); only a missing program (exit 127) throws. */
  public CommandResult execute(Command command) {
    CommandResult result = host.run(command.inCLocale());
    if (result.programMissing()) {
      throw new ToolNotInstalledException(host.name(), result, packageName);
    }
    return result;
  }

  /**
   * Runs a command that only reads, as a {@link Read} (its stdin included): a host that answers
   * reads from a snapshot answers it from there, and it changes nothing the snapshot knows. Only a
   * missing program (exit 127) throws.
   */
  public CommandResult read(Command command) {
    CommandResult result =
        host.readAll(List.of(new Read.Run(command.inCLocale()))).get(0).commandResult();
    if (result.programMissing()) {
      throw new ToolNotInstalledException(host.name(), result, packageName);
    }
    return result;
  }

  /** Starts a long-running command, in the C locale as every other; poll or wait on the handle. */
  public RunningCommand start(Command command) {
    return host.start(command.inCLocale());
  }

  /** Throws {@link ToolException} with {@code fix} when the command did not succeed. */
  public CommandResult check(CommandResult result, String fix) {
    if (!result.succeeded()) {
      throw ToolException.failed(host.name(), result, fix);
    }
    return result;
  }

  public Host host() {
    return host;
  }

  public String packageName() {
    return packageName;
  }
}
