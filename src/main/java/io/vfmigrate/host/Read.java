package io.vfmigrate.host;

import java.util.Objects;

/**
 * One read-only operation on a host, for {@link Host#readAll}: a command that changes nothing, or a
 * file, link, directory or existence read. Over SSH a batch of them costs one exec.
 */
public sealed interface Read {
  /** A command that only reads (its result is the answer, whatever its exit code). */
  record Run(Command command) implements Read {
    public Run {
      Objects.requireNonNull(command, "command");
      if (command.stdin().isPresent()) {
        throw new IllegalArgumentException("a batched read takes no stdin");
      }
    }
  }

  /** {@link Host#readFile}. */
  record File(String path) implements Read {}

  /** {@link Host#readLink}. */
  record Link(String path) implements Read {}

  /** {@link Host#listDirectory}. */
  record Directory(String path) implements Read {}

  /** {@link Host#exists}. */
  record Exists(String path) implements Read {}

  static Read run(String... argv) {
    return new Run(Command.of(argv));
  }
}
