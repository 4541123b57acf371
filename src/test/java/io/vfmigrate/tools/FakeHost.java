package io.vfmigrate.tools;

import io.vfmigrate.host.Command;
import io.vfmigrate.host.CommandResult;
import io.vfmigrate.host.FileAccessException;
import io.vfmigrate.host.Host;
import io.vfmigrate.host.HostClock;
import io.vfmigrate.host.RunningCommand;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * A host for adapter tests: commands are answered from canned results keyed by their exact argv,
 * files from a map. Every command and every write is recorded, so a test can assert on the argv an
 * adapter built. An unknown command answers exit 127 like a shell ("command not found"), so a test
 * that forgets to stub a command fails loudly instead of passing on an empty answer.
 *
 * <p>Usage: {@code host.on("rpm", "-q", "mstflint").answer(0, "mstflint-4.26.0-1.el9.x86_64\n",
 * "")}, {@code host.file("/sys/...", "0x15b3\n")}, {@code host.link("/sys/.../driver",
 * "../../../bus/pci/drivers/mlx5_core")}, {@code host.failWrite(path, "Device or resource busy")}.
 */
public final class FakeHost implements Host {
  private final String name;
  private final Map<List<String>, Answer> answers = new HashMap<>();
  private final Map<String, String> files = new LinkedHashMap<>();
  private final Map<String, String> links = new HashMap<>();
  private final Map<String, String> writeFailures = new HashMap<>();
  private final List<Command> commands = new ArrayList<>();
  private final List<String> writes = new ArrayList<>();
  private final FakeClock clock = new FakeClock();
  private final List<Command> conversations = new ArrayList<>();
  private io.vfmigrate.host.Conversation conversation;
  private int tempCounter;

  public FakeHost() {
    this("host1");
  }

  public FakeHost(String name) {
    this.name = name;
  }

  /** The exit code, stdout and stderr one argv answers with. */
  public record Answer(int exitCode, String stdout, String stderr) {}

  /** Starts stubbing the command with exactly this argv. */
  public Stub on(String... argv) {
    return new Stub(List.of(argv));
  }

  /** Stubbing in progress; call one of the answer methods to finish it. */
  public final class Stub {
    private final List<String> argv;

    private Stub(List<String> argv) {
      this.argv = argv;
    }

    public FakeHost answer(int exitCode, String stdout, String stderr) {
      answers.put(argv, new Answer(exitCode, stdout, stderr));
      return FakeHost.this;
    }

    /** Exit 0 with this stdout. */
    public FakeHost stdout(String stdout) {
      return answer(0, stdout, "");
    }

    /** Exit 0 with this stdout read from {@code /fixtures/<resource>} on the test classpath. */
    public FakeHost stdoutFromFixture(String resource) {
      return answer(0, Fixtures.read(resource), "");
    }

    /** Exit 0, no output. */
    public FakeHost succeeds() {
      return answer(0, "", "");
    }

    /** Exit 127 with bash's "command not found". */
    public FakeHost notInstalled() {
      return answer(
          CommandResult.NOT_FOUND, "", "bash: line 1: " + argv.get(0) + ": command not found\n");
    }
  }

  /** A regular file (sysfs attribute) with this content. */
  public FakeHost file(String path, String content) {
    files.put(path, content);
    return this;
  }

  /** A directory: it exists, and lists the files and links under it. */
  public FakeHost directory(String path) {
    files.put(path + "/", "");
    return this;
  }

  /** A symbolic link to {@code target} (kept as written, like readlink without -f). */
  public FakeHost link(String path, String target) {
    links.put(path, target);
    return this;
  }

  /** Writing {@code path} fails with this strerror text. */
  public FakeHost failWrite(String path, String reason) {
    writeFailures.put(path, reason);
    return this;
  }

  /** Every command run so far, in order. */
  /** {@link #converse} gives {@code next} (once: later calls give nothing). */
  public FakeHost conversation(io.vfmigrate.host.Conversation next) {
    this.conversation = next;
    return this;
  }

  /** The commands {@link #converse} was asked to start. */
  public List<Command> conversations() {
    return List.copyOf(conversations);
  }

  @Override
  public Optional<io.vfmigrate.host.Conversation> converse(Command command) {
    conversations.add(command);
    Optional<io.vfmigrate.host.Conversation> given = Optional.ofNullable(conversation);
    conversation = null;
    return given;
  }

  public List<Command> commands() {
    return List.copyOf(commands);
  }

  /** The argv of every command run so far, in order. */
  public List<List<String>> argvs() {
    return commands.stream().map(Command::argv).toList();
  }

  /** Every write so far as {@code PATH=CONTENT}, in order. */
  public List<String> writes() {
    return List.copyOf(writes);
  }

  /** The current content of a file (after writes). */
  public Optional<String> content(String path) {
    return Optional.ofNullable(files.get(path));
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public CommandResult run(Command command) {
    commands.add(command);
    Answer answer = answers.get(command.argv());
    if (answer == null) {
      answer =
          new Answer(
              CommandResult.NOT_FOUND,
              "",
              "FakeHost: no answer stubbed for " + command.display() + "\n");
    }
    return new CommandResult(
        command, answer.exitCode(), answer.stdout(), answer.stderr(), Duration.ZERO);
  }

  @Override
  public RunningCommand start(Command command) {
    CommandResult result = run(command);
    return new RunningCommand() {
      @Override
      public Command command() {
        return command;
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
      public void kill() {}

      @Override
      public String stderrSoFar() {
        return result.stderr();
      }
    };
  }

  @Override
  public String readFile(String path) {
    String content = files.get(path);
    if (content == null) {
      throw new FileAccessException(name, path, "No such file or directory");
    }
    return content;
  }

  @Override
  public void writeFile(String path, String content) {
    writes.add(path + "=" + content);
    String failure = writeFailures.get(path);
    if (failure != null) {
      throw new FileAccessException(name, path, failure);
    }
    files.put(path, content);
  }

  @Override
  public List<String> listDirectory(String path) {
    String prefix = path.endsWith("/") ? path : path + "/";
    TreeSet<String> names = new TreeSet<>();
    boolean found = false;
    for (String p : concat(files.keySet(), links.keySet())) {
      if (p.equals(prefix)) {
        found = true;
      } else if (p.startsWith(prefix)) {
        found = true;
        String rest = p.substring(prefix.length());
        int slash = rest.indexOf('/');
        names.add(slash < 0 ? rest : rest.substring(0, slash));
      }
    }
    if (!found) {
      throw new FileAccessException(name, path, "No such file or directory");
    }
    return new ArrayList<>(names);
  }

  @Override
  public Optional<String> readLink(String path) {
    return Optional.ofNullable(links.get(path));
  }

  @Override
  public boolean exists(String path) {
    if (files.containsKey(path) || links.containsKey(path)) {
      return true;
    }
    String prefix = path + "/";
    return concat(files.keySet(), links.keySet()).stream().anyMatch(p -> p.startsWith(prefix));
  }

  @Override
  public String createTempFile(String prefix, String content) {
    tempCounter++;
    String path = "/tmp/" + prefix + tempCounter + ".xml";
    files.put(path, content);
    return path;
  }

  @Override
  public boolean createExclusive(String path, String content) {
    return files.putIfAbsent(path, content) == null;
  }

  @Override
  public void deleteFile(String path) {
    files.remove(path);
  }

  @Override
  public HostClock clock() {
    return clock;
  }

  /** The test's virtual clock: sleeping advances it at once. */
  public FakeClock fakeClock() {
    return clock;
  }

  private static List<String> concat(
      java.util.Collection<String> a, java.util.Collection<String> b) {
    List<String> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }

  /** A clock that starts at a fixed instant and only moves when slept on. */
  public static final class FakeClock implements HostClock {
    private Instant now = Instant.parse("2025-01-01T00:00:00Z");

    @Override
    public Instant now() {
      return now;
    }

    @Override
    public void sleep(Duration duration) {
      now = now.plus(duration);
    }
  }

  /** Reads test fixtures from {@code src/test/resources/fixtures}. */
  public static final class Fixtures {
    private Fixtures() {}

    /** The exact bytes of {@code /fixtures/<resource>} as UTF-8 (e.g. {@code "rpm/q-ok.txt"}). */
    public static String read(String resource) {
      String path = "/fixtures/" + resource;
      try (InputStream in = FakeHost.class.getResourceAsStream(path)) {
        if (in == null) {
          throw new IllegalArgumentException("missing test fixture " + path);
        }
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
