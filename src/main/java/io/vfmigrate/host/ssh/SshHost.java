package io.vfmigrate.host.ssh;

import io.vfmigrate.host.Command;
import io.vfmigrate.host.CommandResult;
import io.vfmigrate.host.CommandTimeoutException;
import io.vfmigrate.host.FileAccessException;
import io.vfmigrate.host.Host;
import io.vfmigrate.host.HostClock;
import io.vfmigrate.host.HostException;
import io.vfmigrate.host.RunningCommand;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.apache.sshd.client.session.ClientSession;

/**
 * A remote host reached over SSH (Apache MINA SSHD). One session per host, opened on first use and
 * reused for every command; each command gets its own exec channel, with every argument quoted for
 * the remote shell. Files are read and written through {@code cat}, {@code tee} and friends, so
 * errors carry the host's own strerror text, as with {@code LocalHost}.
 */
public final class SshHost implements Host, AutoCloseable {
  private final String name;
  private final SshTarget target;
  private final SshOptions options;
  private final SshConnector connector;
  private final Object lock = new Object();
  private ClientSession session;
  private boolean closed;

  private SshHost(String name, SshTarget target, SshOptions options) {
    this.name = Objects.requireNonNull(name, "name");
    this.target = Objects.requireNonNull(target, "target");
    this.options = Objects.requireNonNull(options, "options");
    this.connector = new SshConnector(target, options);
  }

  /**
   * A host reached at {@code target}. Nothing is connected yet: the session opens on the first
   * command, and connection, host key and login errors are thrown from there.
   */
  public static SshHost connect(String name, SshTarget target, SshOptions options) {
    return new SshHost(name, target, options);
  }

  @Override
  public String name() {
    return name;
  }

  public SshTarget target() {
    return target;
  }

  public SshOptions options() {
    return options;
  }

  @Override
  public CommandResult run(Command command) {
    SshChannelCommand running = open(command);
    Optional<CommandResult> result = running.waitFor(command.timeout());
    if (result.isEmpty()) {
      running.kill();
      throw new CommandTimeoutException(name, command, command.timeout());
    }
    return result.get();
  }

  @Override
  public RunningCommand start(Command command) {
    return open(command);
  }

  @Override
  public String readFile(String path) {
    CommandResult r = run(cLocale("cat", "--", path));
    if (!r.succeeded()) {
      throw fileError(path, r);
    }
    return r.stdout();
  }

  @Override
  public void writeFile(String path, String content) {
    CommandResult r = run(cLocale("tee", "--", path).withStdin(content));
    if (!r.succeeded()) {
      throw fileError(path, r);
    }
  }

  @Override
  public List<String> listDirectory(String path) {
    CommandResult r = run(cLocale("ls", "-1A", "--", path));
    if (!r.succeeded()) {
      throw fileError(path, r);
    }
    List<String> names = new ArrayList<>(r.stdout().lines().filter(l -> !l.isEmpty()).toList());
    names.sort(null);
    return names;
  }

  @Override
  public Optional<String> readLink(String path) {
    CommandResult r = run(cLocale("readlink", "--", path));
    if (!r.succeeded()) {
      return Optional.empty();
    }
    String target = r.stdout();
    return Optional.of(target.endsWith("\n") ? target.substring(0, target.length() - 1) : target);
  }

  @Override
  public boolean exists(String path) {
    return run(cLocale("test", "-e", path)).exitCode() == 0;
  }

  @Override
  public String createTempFile(String prefix, String content) {
    if (prefix.indexOf('/') >= 0) {
      throw new IllegalArgumentException("a temporary file prefix cannot hold '/'");
    }
    CommandResult r = run(cLocale("mktemp", "/tmp/" + prefix + "XXXXXXXX"));
    String path = r.stdout().strip();
    if (!r.succeeded() || path.isEmpty()) {
      throw new HostException(
          "Cannot create a temporary file on " + name + ": " + r.errorText(),
          "check that /tmp on " + name + " is writable and not full (df -h /tmp).");
    }
    try {
      writeFile(path, content);
    } catch (HostException e) {
      deleteFile(path);
      throw e;
    }
    return path;
  }

  @Override
  public boolean createExclusive(String path, String content) {
    int slash = path.lastIndexOf('/');
    if (slash > 0) {
      CommandResult dir = run(cLocale("mkdir", "-p", "--", path.substring(0, slash)));
      if (!dir.succeeded()) {
        throw fileError(path, dir);
      }
    }
    // noclobber makes the shell's open O_EXCL: atomic, and refused when the file exists. The
    // script is constant; the path reaches it as a separate, quoted argument.
    CommandResult r =
        run(
            cLocale("sh", "-c", "set -C; cat > \"$1\"", "vfmigrate-claim", path)
                .withStdin(content));
    if (r.succeeded()) {
      return true;
    }
    if (r.errorText().contains("File exists") || r.errorText().contains("cannot overwrite")) {
      return false;
    }
    throw fileError(path, r);
  }

  @Override
  public void deleteFile(String path) {
    CommandResult r = run(cLocale("rm", "-f", "--", path));
    if (!r.succeeded()) {
      throw fileError(path, r);
    }
  }

  @Override
  public HostClock clock() {
    return HostClock.system();
  }

  /** Closes the session, if one is open, and the SSH client; the host is unusable afterwards. */
  @Override
  public void close() {
    synchronized (lock) {
      closed = true;
      if (session != null) {
        session.close(true);
        session = null;
      }
      connector.close();
    }
  }

  /**
   * Opens a channel for {@code command} on the shared session. A session that dropped since the
   * last command is replaced once; a command that had started is never sent again.
   */
  private SshChannelCommand open(Command command) {
    ClientSession s = session();
    try {
      return SshChannelCommand.open(name, s, command, options.connectTimeout());
    } catch (IOException | RuntimeException first) {
      if (isUsable(s)) {
        throw channelFailure(command, first);
      }
      discard(s);
      ClientSession again = session();
      try {
        return SshChannelCommand.open(name, again, command, options.connectTimeout());
      } catch (IOException | RuntimeException second) {
        if (!isUsable(again)) {
          throw new SshConnectionDroppedException(name, command, second);
        }
        throw channelFailure(command, second);
      }
    }
  }

  private ClientSession session() {
    synchronized (lock) {
      if (closed) {
        throw new HostException(
            "The SSH connection to " + name + " was closed.", "run vfmigrate again.");
      }
      if (session != null && isUsable(session)) {
        return session;
      }
      if (session != null) {
        session.close(true);
      }
      session = null;
      session = connector.open();
      return session;
    }
  }

  private void discard(ClientSession s) {
    synchronized (lock) {
      s.close(true);
      if (session == s) {
        session = null;
      }
    }
  }

  private static boolean isUsable(ClientSession s) {
    return s.isOpen() && !s.isClosing();
  }

  private HostException channelFailure(Command command, Exception e) {
    return new HostException(
        "Cannot start '" + command.display() + "' on " + name + " over SSH: " + e.getMessage(),
        "check sshd on "
            + name
            + " (journalctl -u sshd); too many parallel commands can exceed its MaxSessions.",
        e);
  }

  /**
   * The file commands' errors are read for their strerror text ("No such file or directory",
   * "cannot overwrite existing file"), so they run in the C locale whatever the login's language.
   */
  private static Command cLocale(String... argv) {
    return Command.of(argv).inCLocale();
  }

  private FileAccessException fileError(String path, CommandResult r) {
    return new FileAccessException(name, path, reason(r));
  }

  /**
   * The strerror text of a coreutils error line such as {@code tee: /sys/...: Device or resource
   * busy} or {@code ls: cannot access '/x': No such file or directory}: what follows the last
   * {@code ": "} of its first line (strerror texts hold none).
   */
  static String reason(CommandResult r) {
    String text = r.errorText();
    String first = text.lines().findFirst().orElse("").strip();
    if (first.isEmpty()) {
      return "'" + r.command().display() + "' exited with status " + r.exitCode();
    }
    int colon = first.lastIndexOf(": ");
    return colon < 0 ? first : first.substring(colon + 2);
  }
}
