package io.vfmigrate.host;

import java.util.List;
import java.util.Optional;

/**
 * The port every workflow talks through: a thing that runs commands and reads and writes files.
 * Implementations: {@code LocalHost}, {@code SshHost} and the lab's {@code LabHost}.
 */
public interface Host {
  /** The name under which the inventory knows this host. */
  String name();

  /**
   * Runs a command to completion. A program that does not exist gives exit code 127, as a shell
   * would; only a host that cannot run anything at all throws {@link HostException}.
   */
  CommandResult run(Command command);

  /** Starts a long-running command and returns a handle to poll, wait for or kill. */
  RunningCommand start(Command command);

  /**
   * Starts {@code command} as a process to converse with ({@link Conversation}), or empty when this
   * host does not keep processes open for that: the caller then runs each request as a command of
   * its own. Empty by default.
   */
  default Optional<Conversation> converse(Command command) {
    return Optional.empty();
  }

  /** Reads a whole file (sysfs attributes included). */
  String readFile(String path);

  /** Writes a file in one write, as {@code echo VALUE > PATH} does. */
  void writeFile(String path, String content);

  /** The names in a directory, sorted. */
  List<String> listDirectory(String path);

  /** The target of a symbolic link, or empty when the path is not a link or does not exist. */
  Optional<String> readLink(String path);

  boolean exists(String path);

  /** Creates a private temporary file holding {@code content} and returns its path. */
  String createTempFile(String prefix, String content);

  /**
   * Creates a file only if it does not exist yet, atomically, with its parent directories; false
   * when it already existed. Used for claims that two vfmigrate runs must not both take.
   */
  boolean createExclusive(String path, String content);

  /** Deletes a file; a missing file is not an error. */
  void deleteFile(String path);

  /**
   * Performs read-only operations, in order, and returns what each gave (a failure is kept in its
   * result, not thrown). A remote host does them all in one round trip; by default each is one call
   * of the methods above.
   */
  default List<ReadResult> readAll(List<Read> reads) {
    return reads.stream().map(r -> ReadResult.perform(this, r)).toList();
  }

  /** The clock that governs this host's commands. */
  HostClock clock();

  /**
   * Starts connecting in the background, if this host is reached over a connection at all, so that
   * the first command does not wait for it and several hosts connect at once. Errors are not thrown
   * here but from the first command, as without it. Does nothing by default and when already
   * connected.
   */
  default void connectAhead() {}
}
