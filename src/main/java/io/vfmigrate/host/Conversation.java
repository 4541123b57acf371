package io.vfmigrate.host;

import java.time.Duration;
import java.util.Optional;

/**
 * A process kept running to answer requests written to its standard input, one exchange at a time
 * (e.g. an interactive {@code virsh}, which then answers many commands on one connection to
 * libvirtd instead of one process and one connection each). Started by {@link Host#converse}.
 */
public interface Conversation extends AutoCloseable {
  /** Writes {@code text} to the process's standard input; false when the process has gone. */
  boolean send(String text);

  /**
   * Waits until the process's standard output has a line that is exactly {@code outLine} and its
   * standard error one that is exactly {@code errLine}, and takes from each stream everything up to
   * and including that line. Empty when the process ended or {@code timeout} passed first; what was
   * written is then left where it is.
   */
  Optional<Exchange> receive(String outLine, String errLine, Duration timeout);

  /** Ends the process (its standard input is closed, then it is killed). */
  @Override
  void close();

  /**
   * Where the first line of {@code text} that is exactly {@code line} ends (after its newline); -1
   * when there is none.
   */
  static int lineEnd(String text, String line) {
    if (text.startsWith(line + "\n")) {
      return line.length() + 1;
    }
    int at = text.indexOf("\n" + line + "\n");
    return at < 0 ? -1 : at + line.length() + 2;
  }

  /** What one exchange wrote to each stream, up to and including the awaited lines. */
  record Exchange(String stdout, String stderr) {}
}
