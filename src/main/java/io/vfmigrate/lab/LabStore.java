package io.vfmigrate.lab;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.vfmigrate.lab.state.LabSpec;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Where the lab lives: {@code $VFMIGRATE_HOME/lab/state.yaml} (the current state) and {@code
 * initial.yaml} (what {@code lab reset} returns to). Writes are atomic renames, so a reader sees
 * the state before or after a change, never half of it. {@link #lock} serialises changes across
 * processes; the state's first line is its {@code revision}, so a process can tell whether the
 * state changed since it last read it without parsing it again.
 */
public final class LabStore {
  /**
   * One lock per lab directory for the whole JVM. A file lock is held by the JVM, not by a thread:
   * two {@link Lab}s of one JVM over the same store (tests; a lab command inside a session) must
   * take this one first, or the second {@code FileChannel.lock} fails with
   * OverlappingFileLockException instead of waiting.
   */
  private static final Map<Path, ReentrantLock> JVM_LOCKS = new ConcurrentHashMap<>();

  private static final String REVISION_KEY = "revision: ";

  private final Path dir;

  public LabStore(Path vfmigrateHome) {
    this.dir = vfmigrateHome.resolve("lab");
  }

  public Path directory() {
    return dir;
  }

  public Path statePath() {
    return dir.resolve("state.yaml");
  }

  public boolean exists() {
    return Files.exists(statePath());
  }

  /** The built-in default lab. */
  public static LabSpec defaultSpec() {
    try (InputStream in = LabStore.class.getResourceAsStream("/lab/default.yaml")) {
      if (in == null) {
        throw new IllegalStateException("the default lab is missing from the jar");
      }
      return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), "built-in lab");
    } catch (IOException e) {
      throw new IllegalStateException("cannot read the built-in lab", e);
    }
  }

  /** Reads a lab description from a user's file. */
  public static LabSpec readDescription(Path file) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new LabException(
          "Cannot read the lab description " + file + ": " + e.getMessage(),
          "give the path of a readable YAML file (see docs/lab-schema.md).",
          e);
    }
    return parse(text, file.toString());
  }

  /** Parses and validates a lab description given as YAML text. */
  public static LabSpec parse(String yaml, String origin) {
    LabSpec spec;
    try {
      spec = LabYaml.mapper().readValue(yaml, LabSpec.class);
    } catch (UnrecognizedPropertyException e) {
      throw new LabException(
          "Unknown field '" + e.getPropertyName() + "' in " + origin + " at " + location(e) + ".",
          "use the fields documented in docs/lab-schema.md (known here: "
              + e.getKnownPropertyIds()
              + ").",
          e);
    } catch (JsonProcessingException e) {
      throw new LabException(
          "Invalid lab description "
              + origin
              + ": "
              + e.getOriginalMessage()
              + " at "
              + location(e)
              + ".",
          "fix the YAML; docs/lab-schema.md documents every field.",
          e);
    }
    if (spec == null) {
      throw new LabException(origin + " is empty.", "describe at least one host under 'hosts:'.");
    }
    LabValidator.validate(spec, origin);
    return spec;
  }

  private static String location(JsonProcessingException e) {
    return e.getLocation() == null
        ? "unknown position"
        : "line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
  }

  /** Creates (or replaces) the lab with the given description. Call it under {@link #lock}. */
  public void init(LabSpec spec) {
    spec.revision = 0;
    write(dir.resolve("initial.yaml"), spec);
    replace(spec);
  }

  /**
   * Writes {@code spec} as the new state with a revision above the one on disk, so that every
   * process that read an older state reads this one. Call it under {@link #lock}.
   */
  public void replace(LabSpec spec) {
    spec.revision = Math.max(spec.revision, revisionOnDisk()) + 1;
    write(statePath(), spec);
  }

  /**
   * The revision of the state on disk, read from its first line; -1 when there is no state or it
   * does not start with one (a file written by hand).
   */
  public long revisionOnDisk() {
    try (BufferedReader in = Files.newBufferedReader(statePath(), StandardCharsets.UTF_8)) {
      String first = in.readLine();
      if (first != null && first.startsWith(REVISION_KEY)) {
        return Long.parseLong(first.substring(REVISION_KEY.length()).strip());
      }
      return -1;
    } catch (IOException | NumberFormatException e) {
      return -1;
    }
  }

  public LabSpec load() {
    if (!exists()) {
      throw new LabException(
          "No lab exists yet under " + dir + ".",
          "create one with: vfmigrate lab init (or lab init --from FILE).");
    }
    try {
      return parse(Files.readString(statePath(), StandardCharsets.UTF_8), statePath().toString());
    } catch (IOException e) {
      throw new LabException(
          "Cannot read the lab state " + statePath() + ": " + e.getMessage(),
          "run vfmigrate lab init to recreate it.",
          e);
    }
  }

  public LabSpec loadInitial() {
    Path initial = dir.resolve("initial.yaml");
    if (!Files.exists(initial)) {
      throw new LabException(
          "No lab exists yet under " + dir + ".", "create one with: vfmigrate lab init.");
    }
    try {
      return parse(Files.readString(initial, StandardCharsets.UTF_8), initial.toString());
    } catch (IOException e) {
      throw new LabException(
          "Cannot read " + initial + ": " + e.getMessage(), "run vfmigrate lab init.", e);
    }
  }

  /** Writes the state as it is, revision included. Call it under {@link #lock}. */
  public void save(LabSpec spec) {
    write(statePath(), spec);
  }

  /** The state as YAML text, exactly as {@link #save} writes it. */
  public void save(String yaml) {
    writeText(statePath(), yaml);
  }

  /**
   * Locks the lab against every other thread and process until the returned lock is closed. It is
   * taken for one emulated host operation (one command, one sleep), so that two vfmigrate processes
   * interleave command by command; {@code lab init}, {@code reset} and {@code reboot} take it for
   * their own duration. Re-entrant within a thread: a nested lock only counts.
   */
  public Lock lock() {
    ReentrantLock jvm = JVM_LOCKS.computeIfAbsent(canonicalDir(), d -> new ReentrantLock());
    jvm.lock();
    if (jvm.getHoldCount() > 1) {
      return new Lock(jvm, null);
    }
    try {
      Files.createDirectories(dir);
      FileChannel channel =
          FileChannel.open(
              dir.resolve("lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      try {
        return new Lock(jvm, channel.lock());
      } catch (IOException | RuntimeException e) {
        channel.close();
        throw e;
      }
    } catch (IOException e) {
      jvm.unlock();
      throw new LabException(
          "Cannot lock the lab under " + dir + ": " + e.getMessage(),
          "check that VFMIGRATE_HOME is writable.",
          e);
    } catch (RuntimeException e) {
      jvm.unlock();
      throw e;
    }
  }

  private Path canonicalDir() {
    Path absolute = dir.toAbsolutePath().normalize();
    try {
      Files.createDirectories(absolute);
      return absolute.toRealPath();
    } catch (IOException e) {
      return absolute;
    }
  }

  /** A held lock on the lab; closing it releases it (the outermost close releases the file). */
  public static final class Lock implements AutoCloseable {
    private final ReentrantLock jvm;
    private final FileLock file;

    private Lock(ReentrantLock jvm, FileLock file) {
      this.jvm = jvm;
      this.file = file;
    }

    @Override
    public void close() {
      try {
        if (file != null) {
          file.release();
          file.channel().close();
        }
      } catch (IOException e) {
        // The operating system drops the lock with the channel or the process anyway.
      } finally {
        jvm.unlock();
      }
    }
  }

  private void write(Path target, LabSpec spec) {
    writeText(target, toYaml(spec));
  }

  private void writeText(Path target, String yaml) {
    try {
      Files.createDirectories(dir);
      Path tmp = Files.createTempFile(dir, "state", ".tmp");
      Files.writeString(tmp, yaml, StandardCharsets.UTF_8);
      try {
        Files.move(
            tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      throw new LabException(
          "Cannot write the lab state to " + target + ": " + e.getMessage(),
          "check that VFMIGRATE_HOME (" + dir.getParent() + ") is writable.",
          e);
    }
  }

  public static String toYaml(LabSpec spec) {
    try {
      return LabYaml.mapper().writeValueAsString(spec);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise the lab", e);
    }
  }
}
