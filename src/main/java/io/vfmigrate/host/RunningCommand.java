package io.vfmigrate.host;

import java.time.Duration;
import java.util.Optional;

/** A long-running command (e.g. {@code virsh migrate}) that the caller polls while it runs. */
public interface RunningCommand {
  Command command();

  /** The result once the command has ended; empty while it runs. */
  Optional<CommandResult> poll();

  /** Waits at most {@code timeout} (on the host's clock) and returns the result if it ended. */
  Optional<CommandResult> waitFor(Duration timeout);

  /** Stops the command; the result then shows how it ended. */
  void kill();

  /** What the command has written to stderr so far (virsh writes migration progress there). */
  String stderrSoFar();

  /** A command that has already ended, e.g. one refused before it could start. */
  static RunningCommand finished(CommandResult result) {
    return new Finished(result);
  }

  /** The handle of a command that has already ended. */
  record Finished(CommandResult result) implements RunningCommand {
    @Override
    public Command command() {
      return result.command();
    }

    @Override
    public Optional<CommandResult> poll() {
      return Optional.of(result);
    }

    @Override
    public Optional<CommandResult> waitFor(Duration timeout) {
      return Optional.of(result);
    }

    @Override
    public void kill() {
      // It has ended already.
    }

    @Override
    public String stderrSoFar() {
      return result.stderr();
    }
  }
}
