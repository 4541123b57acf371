package io.vfmigrate.lab.tools;

import io.vfmigrate.host.Command;
import io.vfmigrate.host.CommandResult;
import io.vfmigrate.host.RunningCommand;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * One emulated command-line tool. It answers with the real tool's output format, exit codes and
 * error texts (docs: reference/tool-formats.md) and changes the lab's state as the real tool would
 * change the host.
 */
public interface ToolEmulator {
  /** The program names this emulator answers, e.g. {@code devlink}. */
  Set<String> programs();

  /**
   * Runs the tool. {@code argv} includes the program name at index 0. An option or subcommand the
   * emulator does not know must fail as the real tool fails on it, never succeed silently.
   */
  ToolOutput run(LabContext context, List<String> argv, Optional<String> stdin);

  /**
   * Starts a long-running command (such as {@code virsh migrate}) that progresses with the lab's
   * virtual clock. The default runs it to completion at once, through {@code runNow}.
   */
  default Optional<RunningCommand> start(
      LabContext context, Command command, Supplier<CommandResult> runNow) {
    return Optional.empty();
  }
}
