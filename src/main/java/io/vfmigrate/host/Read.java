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

    // equals and hashCode of this file's records are written out: a record's generated ones are
    // bootstrapped through method handles at their first call, and a read is a map key on every
    // batch. In a
    // fresh JVM that cost every run tens of milliseconds (RecordMethodsTest).
    @Override
    public boolean equals(Object o) {
      return o instanceof Run r && command.equals(r.command);
    }

    @Override
    public int hashCode() {
      return command.hashCode();
    }
  }

  /** {@link Host#readFile}. */
  record File(String path) implements Read {
    @Override
    public boolean equals(Object o) {
      return o instanceof File r && Objects.equals(path, r.path);
    }

    @Override
    public int hashCode() {
      return 31 * 1 + Objects.hashCode(path);
    }
  }

  /** {@link Host#readLink}. */
  record Link(String path) implements Read {
    @Override
    public boolean equals(Object o) {
      return o instanceof Link r && Objects.equals(path, r.path);
    }

    @Override
    public int hashCode() {
      return 31 * 2 + Objects.hashCode(path);
    }
  }

  /** {@link Host#listDirectory}. */
  record Directory(String path) implements Read {
    @Override
    public boolean equals(Object o) {
      return o instanceof Directory r && Objects.equals(path, r.path);
    }

    @Override
    public int hashCode() {
      return 31 * 3 + Objects.hashCode(path);
    }
  }

  /** {@link Host#exists}. */
  record Exists(String path) implements Read {
    @Override
    public boolean equals(Object o) {
      return o instanceof Exists r && Objects.equals(path, r.path);
    }

    @Override
    public int hashCode() {
      return 31 * 4 + Objects.hashCode(path);
    }
  }

  static Read run(String... argv) {
    return new Run(Command.of(argv));
  }
}
