package io.vfmigrate.host;

import java.util.Objects;

/**
 * One read-only operation on a host, for {@link Host#readAll}: a command that changes nothing, or a
 * file, link, directory or existence read. Over SSH a batch of them costs one exec.
 */
public sealed interface Read {
  /**
   * A command that only reads (its result is the answer, whatever its exit code). Its standard
   * input, if it has one, is part of the question: {@code virsh hypervisor-cpu-compare /dev/stdin}
   * reads the domain XML from it, so the comparison needs no temporary file. A batch gives it a
   * pipe ({@code /dev/stdin} opens on a pipe, not on a socket).
   */
  record Run(Command command) implements Read {
    public Run {
      Objects.requireNonNull(command, "command");
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
