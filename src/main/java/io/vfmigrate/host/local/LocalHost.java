package io.vfmigrate.host.local;

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
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/** The machine vfmigrate runs on. Commands run through {@link ProcessBuilder}, never a shell. */
public final class LocalHost implements Host {
  private final String name;
  private final Map<String, String> env;

  public LocalHost(String name) {
    this(name, Map.of());
  }

  /** A local host whose commands run with these environment variables added. */
  public LocalHost(String name, Map<String, String> env) {
    this.name = name;
    this.env = Map.copyOf(env);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public CommandResult run(Command command) {
    LocalProcess process = LocalProcess.start(name, command, env);
    Optional<CommandResult> result = process.waitFor(command.timeout());
    if (result.isEmpty()) {
      process.kill();
      throw new CommandTimeoutException(name, command, command.timeout());
    }
    return result.get();
  }

  @Override
  public RunningCommand start(Command command) {
    return LocalProcess.start(name, command, env);
  }

  @Override
  public Optional<io.vfmigrate.host.Conversation> converse(Command command) {
    return LocalConversation.start(command, env);
  }

  /**
   * The reads of a batch run at once, at most {@value #CONCURRENT_READS} at a time (each is
   * read-only, so their order does not matter): a batch of ten {@code virsh} calls, each of them
   * mostly waiting on libvirtd, then costs about as long as its slowest call instead of their sum.
   * The results come back in the order of {@code reads}.
   */
  @Override
  public List<ReadResult> readAll(List<Read> reads) {
    return ConcurrentReads.perform(this, reads, CONCURRENT_READS);
  }

  /** How many reads of one batch run at the same time. */
  static final int CONCURRENT_READS = 6;

  @Override
  public String readFile(String path) {
    try {
      return Files.readString(Path.of(path), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw fileError(path, e);
    }
  }

  @Override
  public void writeFile(String path, String content) {
    try {
      Files.writeString(
          Path.of(path),
          content,
          StandardCharsets.UTF_8,
          StandardOpenOption.WRITE,
          StandardOpenOption.CREATE,
          StandardOpenOption.TRUNCATE_EXISTING);
    } catch (IOException e) {
      throw fileError(path, e);
    }
  }

  @Override
  public List<String> listDirectory(String path) {
    try (Stream<Path> entries = Files.list(Path.of(path))) {
      List<String> names = new ArrayList<>();
      entries.forEach(p -> names.add(p.getFileName().toString()));
      names.sort(null);
      return names;
    } catch (IOException e) {
      throw fileError(path, e);
    }
  }

  @Override
  public Optional<String> readLink(String path) {
    Path p = Path.of(path);
    if (!Files.isSymbolicLink(p)) {
      return Optional.empty();
    }
    try {
      return Optional.of(Files.readSymbolicLink(p).toString());
    } catch (IOException e) {
      throw fileError(path, e);
    }
  }

  @Override
  public boolean exists(String path) {
    return Files.exists(Path.of(path));
  }

  @Override
  public String createTempFile(String prefix, String content) {
    try {
      Path file =
          Files.createTempFile(
              prefix,
              ".xml",
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      Files.writeString(file, content, StandardCharsets.UTF_8);
      return file.toString();
    } catch (IOException e) {
      throw new HostException(
          "Cannot create a temporary file on " + name + ": " + e.getMessage(),
          "check that the temporary directory is writable.",
          e);
    }
  }

  @Override
  public boolean createExclusive(String path, String content) {
    Path file = Path.of(path);
    try {
      if (file.getParent() != null) {
        Files.createDirectories(file.getParent());
      }
      Files.writeString(
          file,
          content,
          StandardCharsets.UTF_8,
          StandardOpenOption.CREATE_NEW,
          StandardOpenOption.WRITE);
      return true;
    } catch (java.nio.file.FileAlreadyExistsException e) {
      return false;
    } catch (IOException e) {
      throw fileError(path, e);
    }
  }

  @Override
  public void deleteFile(String path) {
    try {
      Files.deleteIfExists(Path.of(path));
    } catch (IOException e) {
      throw fileError(path, e);
    }
  }

  @Override
  public HostClock clock() {
    return HostClock.system();
  }

  private FileAccessException fileError(String path, IOException e) {
    if (e instanceof NoSuchFileException) {
      return new FileAccessException(name, path, "No such file or directory");
    }
    if (e instanceof FileSystemException fse && fse.getReason() != null) {
      return new FileAccessException(name, path, fse.getReason());
    }
    return new FileAccessException(name, path, String.valueOf(e.getMessage()));
  }

  static Duration elapsed(long startNanos) {
    return Duration.ofNanos(System.nanoTime() - startNanos);
  }
}
