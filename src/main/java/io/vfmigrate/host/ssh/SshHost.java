package io.vfmigrate.host.ssh;

import io.vfmigrate.host.Command;
import io.vfmigrate.host.CommandResult;
import io.vfmigrate.host.CommandTimeoutException;
import io.vfmigrate.host.ConcurrentReads;
import io.vfmigrate.host.FileAccessException;
import io.vfmigrate.host.Host;
import io.vfmigrate.host.HostClock;
import io.vfmigrate.host.HostException;
import io.vfmigrate.host.Read;
import io.vfmigrate.host.ReadResult;
import io.vfmigrate.host.RunningCommand;
import io.vfmigrate.model.VfmigrateException;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
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
  private final java.util.concurrent.atomic.AtomicLong execs =
      new java.util.concurrent.atomic.AtomicLong();
  private ClientSession session;

  /** A connection started by {@link #connectAhead} that no command has taken yet. */
  private CompletableFuture<ClientSession> ahead;

  private boolean closed;

  private SshHost(String name, SshTarget target, SshOptions options) {
    this.name = Objects.requireNonNull(name, "name");
    this.target = Objects.requireNonNull(target, "target");
    this.options = Objects.requireNonNull(options, "options");
    this.connector = new SshConnector(target, options);
  }

  /**
   * A host reached at {@code target}. Nothing is connected yet: the session opens on the first
   * command (or earlier, in the background, after {@link #connectAhead}), and connection, host key
   * and login errors are thrown from that first command.
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

  /**
   * One exec channel kept open for {@code command}; empty when the channel cannot be opened (the
   * caller then runs its commands one by one, and they report what is wrong). A connection that
   * cannot be made throws here, as it would from the first command: the caller would otherwise try
   * it a second time.
   */
  @Override
  public Optional<io.vfmigrate.host.Conversation> converse(Command command) {
    ClientSession s = session();
    execs.incrementAndGet();
    try {
      return Optional.of(SshConversation.open(s, command, options.connectTimeout()));
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  @Override
  public String readFile(String path) {
    return (String) interpret(new Read.File(path), run(readCommand(new Read.File(path))));
  }

  @Override
  public void writeFile(String path, String content) {
    CommandResult r = run(cLocale("tee", "--", path).withStdin(content));
    if (!r.succeeded()) {
      throw fileError(path, r);
    }
  }

  @SuppressWarnings("unchecked")
  @Override
  public List<String> listDirectory(String path) {
    Read read = new Read.Directory(path);
    return (List<String>) interpret(read, run(readCommand(read)));
  }

  @SuppressWarnings("unchecked")
  @Override
  public Optional<String> readLink(String path) {
    Read read = new Read.Link(path);
    return (Optional<String>) interpret(read, run(readCommand(read)));
  }

  @Override
  public boolean exists(String path) {
    Read read = new Read.Exists(path);
    return (Boolean) interpret(read, run(readCommand(read)));
  }

  /**
   * All the reads in one exec: a constant bash script runs each read's argv (passed as arguments,
   * each after whether it reads the batch's stdin and its length) and ends its stdout and its
   * stderr with a line holding a random marker and the exit status. Nothing read reaches a shell as
   * code. One read of a batch may have standard input (the exec's, through a pipe); a second one is
   * read on its own, after the batch.
   */
  @Override
  public List<ReadResult> readAll(List<Read> reads) {
    int withStdin = firstWithStdin(reads);
    if (withStdin >= 0 && reads.stream().filter(SshHost::hasStdin).count() > 1) {
      List<Read> batch = new ArrayList<>();
      for (int i = 0; i < reads.size(); i++) {
        if (i == withStdin || !hasStdin(reads.get(i))) {
          batch.add(reads.get(i));
        }
      }
      Iterator<ReadResult> batched = readAll(batch).iterator();
      List<ReadResult> results = new ArrayList<>();
      for (int i = 0; i < reads.size(); i++) {
        results.add(
            i == withStdin || !hasStdin(reads.get(i))
                ? batched.next()
                : ReadResult.perform(this, reads.get(i)));
      }
      return results;
    }
    if (reads.size() < 2 && withStdin < 0) {
      return reads.stream().map(r -> ReadResult.perform(this, r)).toList();
    }
    String marker = "vfmigrate-batch-" + UUID.randomUUID();
    List<String> argv = new ArrayList<>(List.of("bash", "-c", BATCH_SCRIPT, "vfmigrate-batch"));
    argv.add(marker);
    Duration timeout = Duration.ZERO;
    List<Command> commands = new ArrayList<>();
    for (Read read : reads) {
      Command c = readCommand(read);
      commands.add(c);
      List<String> one = new ArrayList<>();
      if (!c.env().isEmpty()) {
        one.add("env");
        c.env().forEach((k, v) -> one.add(k + "=" + v));
      }
      one.addAll(c.argv());
      argv.add(c.stdin().isPresent() ? "in" : "-");
      argv.add(Integer.toString(one.size()));
      argv.addAll(one);
      timeout = timeout.plus(c.timeout());
    }
    Command batch = Command.of(argv).withTimeout(timeout);
    if (withStdin >= 0) {
      batch = batch.withStdin(commands.get(withStdin).stdin().orElseThrow());
    }
    CommandResult all = run(batch);
    List<Section> out = sections(all.stdout(), marker);
    List<Section> err = sections(all.stderr(), marker);
    if (out.size() != reads.size() || err.size() != reads.size()) {
      throw new HostException(
          "Cannot read "
              + reads.size()
              + " values at once on "
              + name
              + ": bash ended after "
              + Math.min(out.size(), err.size())
              + " (exit status "
              + all.exitCode()
              + (all.stderr().isBlank() ? "" : ": " + all.stderr().strip())
              + ")",
          "check that bash is installed on " + name + " (it is on every RHEL and Debian host)");
    }
    List<ReadResult> results = new ArrayList<>();
    for (int i = 0; i < reads.size(); i++) {
      CommandResult r =
          new CommandResult(
              commands.get(i), out.get(i).status(), out.get(i).text(), err.get(i).text(), null);
      try {
        results.add(ReadResult.of(reads.get(i), interpret(reads.get(i), r)));
      } catch (VfmigrateException e) {
        results.add(ReadResult.failed(reads.get(i), e));
      }
    }
    return results;
  }

  /**
   * The batch script: {@code $1} is the marker, then each command as {@code in} (it reads the
   * batch's stdin, through {@code cat} so that it is a pipe whatever sshd gives) or {@code -}, its
   * argument count and its arguments. {@code ${@:1:n}} is bash's slice of the positional
   * parameters.
   */
  static final String BATCH_SCRIPT =
      "m=$1; shift\n"
          + "while [ \"$#\" -gt 0 ]; do\n"
          + "  s=$1 n=$2; shift 2\n"
          + "  if [ \"$s\" = in ]; then cat | \"${@:1:n}\"; else \"${@:1:n}\" </dev/null; fi\n"
          + "  rc=$?\n"
          + "  printf '\\n%s %d\\n' \"$m\" \"$rc\"\n"
          + "  printf '\\n%s %d\\n' \"$m\" \"$rc\" >&2\n"
          + "  shift \"$n\"\n"
          + "done\n";

  private static boolean hasStdin(Read read) {
    return read instanceof Read.Run r && r.command().stdin().isPresent();
  }

  private static int firstWithStdin(List<Read> reads) {
    for (int i = 0; i < reads.size(); i++) {
      if (hasStdin(reads.get(i))) {
        return i;
      }
    }
    return -1;
  }

  /** One command's output in a batch and its exit status. */
  record Section(String text, int status) {}

  /** Splits a batch's stdout or stderr at its marker lines. */
  static List<Section> sections(String stream, String marker) {
    List<Section> out = new ArrayList<>();
    String end = "\n" + marker + " ";
    int from = 0;
    while (true) {
      int at = stream.indexOf(end, from);
      if (at < 0) {
        return out;
      }
      int eol = stream.indexOf('\n', at + end.length());
      if (eol < 0) {
        return out;
      }
      int status;
      try {
        status = Integer.parseInt(stream.substring(at + end.length(), eol));
      } catch (NumberFormatException e) {
        return out;
      }
      out.add(new Section(stream.substring(from, at), status));
      from = eol + 1;
    }
  }

  /** The command that performs {@code read} on the remote host. */
  private static Command readCommand(Read read) {
    if (read instanceof Read.Run r) {
      return r.command();
    } else if (read instanceof Read.File f) {
      return cLocale("cat", "--", f.path());
    } else if (read instanceof Read.Link l) {
      return cLocale("readlink", "--", l.path());
    } else if (read instanceof Read.Directory d) {
      return cLocale("ls", "-1A", "--", d.path());
    }
    return cLocale("test", "-e", ((Read.Exists) read).path());
  }

  /** What the single-read method returns for this result of {@link #readCommand}. */
  private Object interpret(Read read, CommandResult r) {
    if (read instanceof Read.Run) {
      return r;
    } else if (read instanceof Read.File f) {
      if (!r.succeeded()) {
        throw fileError(f.path(), r);
      }
      return r.stdout();
    } else if (read instanceof Read.Link) {
      if (!r.succeeded()) {
        return Optional.empty();
      }
      String target = r.stdout();
      return Optional.of(target.endsWith("\n") ? target.substring(0, target.length() - 1) : target);
    } else if (read instanceof Read.Directory d) {
      if (!r.succeeded()) {
        throw fileError(d.path(), r);
      }
      List<String> names = new ArrayList<>(r.stdout().lines().filter(l -> !l.isEmpty()).toList());
      names.sort(null);
      return names;
    }
    return r.exitCode() == 0;
  }

  @Override
  public String createTempFile(String prefix, String content) {
    if (prefix.indexOf('/') >= 0) {
      throw new IllegalArgumentException("a temporary file prefix cannot hold '/'");
    }
    // One exec: mktemp, then the content from stdin; the script is constant, the template an
    // argument. A file that cannot be written is removed again.
    CommandResult r =
        run(
            cLocale(
                    "sh",
                    "-c",
                    "f=$(mktemp \"$1\") || exit 1; cat > \"$f\" || { rm -f -- \"$f\"; exit 1; };"
                        + " printf '%s\\n' \"$f\"",
                    "vfmigrate-temp",
                    "/tmp/" + prefix + "XXXXXXXX")
                .withStdin(content));
    String path = r.stdout().strip();
    if (!r.succeeded() || path.isEmpty()) {
      throw new HostException(
          "Cannot create a temporary file on " + name + ": " + r.errorText(),
          "check that /tmp on " + name + " is writable and not full (df -h /tmp).");
    }
    return path;
  }

  @Override
  public boolean createExclusive(String path, String content) {
    int slash = path.lastIndexOf('/');
    String parent = slash > 0 ? path.substring(0, slash) : "/";
    // One exec. noclobber makes the shell's open O_EXCL: atomic, and refused when the file exists.
    // The script is constant; the paths reach it as separate, quoted arguments.
    CommandResult r =
        run(
            cLocale(
                    "sh",
                    "-c",
                    "mkdir -p -- \"$2\" || exit 2; set -C; cat > \"$1\"",
                    "vfmigrate-claim",
                    path,
                    parent)
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

  /**
   * Connects, checks the host key and logs in on a thread of its own, so that the first command
   * finds the session open and two hosts connect at the same time. A failure is thrown by the first
   * command, as it would have been without this.
   */
  @Override
  public void connectAhead() {
    synchronized (lock) {
      if (closed || ahead != null || (session != null && isUsable(session))) {
        return;
      }
      ahead = ConcurrentReads.async(connector::open);
    }
  }

  /** How many commands this host has sent (one exec channel each), for tests and benchmarks. */
  long execs() {
    return execs.get();
  }

  /** Closes the session, if one is open, and the SSH client; the host is unusable afterwards. */
  @Override
  public void close() {
    synchronized (lock) {
      closed = true;
      if (ahead != null) {
        // A connection still being made is closed when it is made; the client's stop below
        // cancels one still connecting.
        ahead.thenAccept(s -> s.close(true));
        ahead = null;
      }
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
    execs.incrementAndGet();
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
      session = ahead != null ? taken() : connector.open();
      return session;
    }
  }

  /** The session {@link #connectAhead} opened, waited for; its failure as the first command's. */
  private ClientSession taken() {
    CompletableFuture<ClientSession> pending = ahead;
    ahead = null;
    try {
      return pending.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException cause) {
        throw cause;
      }
      throw e;
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
