package io.vfmigrate.lab.tools;

import io.vfmigrate.lab.state.FaultSpec;
import java.util.Optional;

/**
 * The host's injected command faults, for an emulator that runs several commands in one process
 * (virsh's command string): each command meets the faults it would meet run alone.
 */
public interface CommandFaults {
  /** The exit status of a process that a {@code kill_client} fault killed (SIGKILL). */
  int KILLED = 137;

  /** No faults: contexts made for another host's side of an operation. */
  CommandFaults NONE =
      new CommandFaults() {
        @Override
        public Optional<FaultSpec> take(String line) {
          return Optional.empty();
        }

        @Override
        public void killClient() {}
      };

  /** The fault that hits the command {@code line} (its argv joined by blanks), used up. */
  Optional<FaultSpec> take(String line);

  /** A {@code kill_client} fault hit: the client dies once the operation's changes are saved. */
  void killClient();
}
