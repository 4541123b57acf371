package io.vfmigrate.lab;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.vfmigrate.host.YamlErrors;
import io.vfmigrate.lab.state.LabSpec;
import io.vfmigrate.model.InputFile;
import io.vfmigrate.model.InvalidInputException;
import io.vfmigrate.model.Names;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * Where the lab lives: {@code $VFMIGRATE_HOME/lab/state.yaml} (the current state) and {@code
 * initial.yaml} (what {@code lab reset} returns to). Writes go to a new file that is synced to the
 * disk and renamed over the old one, so a reader (or a machine that lost power) sees the state
 * before or after a change, never half of it. {@link #lock} serialises changes across processes;
 * the state's first line is its {@code revision}, so a process can tell whether the state changed
 * since it last read it without parsing it again, and its last line is {@link #END}: a state that
 * starts with a revision but lacks that line was cut short and is refused, never re-saved.
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

  /** The last line of every state vfmigrate writes. */
  public static final String END = "# end of the lab state";

  /** How long a wait for another process's lock lasts before it is reported. */
  static final Duration REPORT_WAIT_AFTER = Duration.ofMillis(1500);

  private final Path dir;
  private final Consumer<String> waiting;

  public LabStore(Path vfmigrateHome) {
    this(vfmigrateHome, message -> {});
  }

  /**
   * A store that tells {@code waiting} (once per wait) when it has waited more than a second or two
   * for another process's lock, and who holds it.
   */
  public LabStore(Path vfmigrateHome, Consumer<String> waiting) {
    this.dir = vfmigrateHome.resolve("lab");
    this.waiting = waiting;
  }

  public Path directory() {
    return dir;
  }

  public Path statePath() {
    return dir.resolve("state.yaml");
  }

  private Path initialPath() {
    return dir.resolve("initial.yaml");
  }

  public boolean exists() {
    return Files.exists(statePath());
  }

  /**
   * True when no lab was ever made here: neither a state nor an initial state. A lab whose state
   * alone is missing is not new ({@link #load} says how to restore it).
   */
  public boolean isNew() {
    return !Files.exists(statePath()) && !Files.exists(initialPath());
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

  private static final String DESCRIPTION_FIX =
      "give the path of a YAML lab description (see docs/lab-schema.md).";

  /** Reads a lab description from a user's file. */
  public static LabSpec readDescription(Path file) {
    String text;
    try {
      text = InputFile.read(file, "lab description", DESCRIPTION_FIX);
    } catch (InvalidInputException e) {
      throw new LabException(e.getMessage(), e.fix(), e);
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
          "Unknown field '"
              + Names.printable(String.valueOf(e.getPropertyName()))
              + "' in "
              + origin
              + " at "
              + YamlErrors.location(e)
              + ".",
          "use the fields documented in docs/lab-schema.md (known here: "
              + e.getKnownPropertyIds()
              + ").",
          e);
    } catch (JsonProcessingException e) {
      throw new LabException(
          "Invalid lab description " + origin + ": " + YamlErrors.describe(e) + ".",
          "fix the YAML; docs/lab-schema.md documents every field.",
          e);
    }
    if (spec == null) {
      throw new LabException(origin + " is empty.", "describe at least one host under 'hosts:'.");
    }
    Optional<String> nullField = NullFields.find(spec);
    if (nullField.isPresent()) {
      throw new LabException(
          origin + ": " + Names.printable(nullField.get()) + " is null.",
          "give it a value, or leave the field out for its default (docs/lab-schema.md).");
    }
    LabValidator.validate(spec, origin);
    return spec;
  }

  /** Creates (or replaces) the lab with the given description. Call it under {@link #lock}. */
  public void init(LabSpec spec) {
    try {
      Files.deleteIfExists(builtInMarker());
    } catch (IOException e) {
      throw new LabStorageException(
          "Cannot write under " + dir + ": " + e.getMessage(),
          "check that VFMIGRATE_HOME is writable.",
          e);
    }
    spec.revision = 0;
    write(initialPath(), spec);
    replace(spec);
  }

  /** Creates (or replaces) the lab with the built-in description. Call it under {@link #lock}. */
  public void initBuiltIn() {
    init(defaultSpec());
    writeText(builtInMarker(), "The lab was made from the built-in description.\n");
  }

  /**
   * True when a lab exists here that was not made from the built-in description (lab init --from,
   * or by a vfmigrate that did not record it): replacing it would lose someone's work.
   */
  public boolean isCustom() {
    return !isNew() && !Files.exists(builtInMarker());
  }

  private Path builtInMarker() {
    return dir.resolve("built-in");
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
    if (!Files.isRegularFile(statePath())) {
      return -1;
    }
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
      if (Files.exists(initialPath())) {
        throw new LabException(
            "The lab under " + dir + " has lost its state: " + statePath() + " is missing.",
            "vfmigrate lab reset restores the state of the last lab init (or lab init makes a"
                + " new lab).");
      }
      throw new LabException(
          "No lab exists yet under " + dir + ".",
          "create one with: vfmigrate lab init (or lab init --from FILE).");
    }
    return readState(statePath(), RESET_FIX);
  }

  private static final String RESET_FIX =
      "the file is left as it is: fix it by hand (docs/lab-schema.md), or run vfmigrate lab reset"
          + " to restore the state of the last lab init.";

  public LabSpec loadInitial() {
    if (!Files.exists(initialPath())) {
      throw new LabException(
          "No lab exists yet under " + dir + ".", "create one with: vfmigrate lab init.");
    }
    return readState(initialPath(), "run vfmigrate lab init to make the lab again.");
  }

  /** Reads a file vfmigrate wrote; a broken or cut-short one is refused with {@code fix}. */
  private LabSpec readState(Path file, String fix) {
    String text;
    try {
      text = InputFile.read(file, "lab state", fix);
    } catch (InvalidInputException e) {
      throw new LabException(e.getMessage(), e.fix(), e);
    } catch (IOException e) {
      throw new LabStorageException(
          "Cannot read the lab state " + file + ": " + e.getMessage(),
          "check the permissions of " + dir + ".",
          e);
    }
    if (text.startsWith(REVISION_KEY) && !text.stripTrailing().endsWith(END)) {
      long lines = text.lines().count();
      throw new LabException(
          "The lab state "
              + file
              + " is cut short: it ends at line "
              + lines
              + " without its last line '"
              + END
              + "'.",
          fix);
    }
    try {
      return parse(text, file.toString());
    } catch (LabException e) {
      throw new LabException(e.getMessage(), fix, e);
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
              lockPath(),
              StandardOpenOption.CREATE,
              StandardOpenOption.READ,
              StandardOpenOption.WRITE);
      try {
        FileLock lock = acquire(channel);
        channel.truncate(0);
        channel.write(ByteBuffer.wrap(holder().getBytes(StandardCharsets.UTF_8)), 0);
        return new Lock(jvm, lock);
      } catch (IOException | RuntimeException e) {
        channel.close();
        throw e;
      }
    } catch (IOException e) {
      jvm.unlock();
      throw new LabStorageException(
          "Cannot lock the lab under " + dir + ": " + e.getMessage(),
          "check that VFMIGRATE_HOME is writable.",
          e);
    } catch (RuntimeException e) {
      jvm.unlock();
      throw e;
    }
  }

  private Path lockPath() {
    return dir.resolve("lock");
  }

  /** Waits for the file lock; after {@link #REPORT_WAIT_AFTER}, says once who holds it. */
  private FileLock acquire(FileChannel channel) throws IOException {
    long reportAt = System.nanoTime() + REPORT_WAIT_AFTER.toNanos();
    boolean reported = false;
    while (true) {
      FileLock lock = channel.tryLock();
      if (lock != null) {
        return lock;
      }
      if (!reported && System.nanoTime() - reportAt >= 0) {
        reported = true;
        waiting.accept(
            "waiting for the lab's lock "
                + lockPath()
                + ", held by "
                + holderOnDisk()
                + "; every lab command waits for it");
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while waiting for the lab's lock", e);
      }
    }
  }

  /** What the lock file says of this process: its pid and command line. */
  private static String holder() {
    ProcessHandle self = ProcessHandle.current();
    return "pid="
        + self.pid()
        + "\ncommand="
        + self.info().commandLine().orElse("java").replace('\n', ' ')
        + "\n";
  }

  /** The holder as the lock file names it: "vfmigrate process 4242 (java -jar ...)". */
  private String holderOnDisk() {
    String pid = "?";
    String command = "";
    try {
      for (String line : Files.readAllLines(lockPath(), StandardCharsets.UTF_8)) {
        if (line.startsWith("pid=")) {
          pid = line.substring(4);
        } else if (line.startsWith("command=")) {
          command = line.substring(8);
        }
      }
    } catch (IOException e) {
      return "another process";
    }
    // The end of a command line says what it does: "... vfmigrate.jar migrate vm1 --from src".
    if (command.length() > 72) {
      command = "..." + command.substring(command.length() - 69);
    }
    return "process "
        + Names.printable(pid)
        + (command.isEmpty() ? "" : " (" + Names.printable(command) + ")");
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

  /**
   * Writes a new file next to {@code target}, syncs it to the disk, renames it over {@code target}
   * and syncs the directory, so that the rename itself survives a crash.
   */
  private void writeText(Path target, String yaml) {
    Path tmp = null;
    try {
      Files.createDirectories(dir);
      tmp = Files.createTempFile(dir, "state", ".tmp");
      try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
        ByteBuffer bytes = ByteBuffer.wrap(yaml.getBytes(StandardCharsets.UTF_8));
        while (bytes.hasRemaining()) {
          out.write(bytes);
        }
        out.force(true);
      }
      try {
        Files.move(
            tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
      }
      tmp = null;
      syncDirectory();
    } catch (IOException e) {
      throw new LabStorageException(
          "Cannot write the lab state to " + target + ": " + e.getMessage(),
          "check that VFMIGRATE_HOME ("
              + dir.getParent()
              + ") is writable and its disk not full; the lab's hosts may have changed since"
              + " the state was last saved: compare vfmigrate lab show with what you ran.",
          e);
    } finally {
      if (tmp != null) {
        try {
          Files.deleteIfExists(tmp);
        } catch (IOException e) {
          // Left behind: a stray state*.tmp is never read.
        }
      }
    }
  }

  private void syncDirectory() {
    try (FileChannel directory = FileChannel.open(dir, StandardOpenOption.READ)) {
      directory.force(true);
    } catch (IOException e) {
      // Not every file system lets a directory be opened or synced; the rename still happened.
    }
  }

  /** The state as YAML, ending with the line {@link #END}. */
  public static String toYaml(LabSpec spec) {
    try {
      return LabYaml.mapper().writeValueAsString(spec) + END + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise the lab", e);
    }
  }
}
