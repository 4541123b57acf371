package io.vfmigrate.workflow;

import io.vfmigrate.host.Command;
import io.vfmigrate.host.CommandResult;
import io.vfmigrate.host.Fleet;
import io.vfmigrate.host.Host;
import io.vfmigrate.host.HostClock;
import io.vfmigrate.host.ManagedHost;
import io.vfmigrate.host.Read;
import io.vfmigrate.host.ReadResult;
import io.vfmigrate.host.RunningCommand;
import io.vfmigrate.tools.virsh.VirshBatch;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * A host seen during a phase that only reads (the guards of a migration, the start of a
 * verification): what {@link #prefetch} read in one batch is answered from memory, and, when {@code
 * memoize}, so is every read made through it, so each fact is read once. Reads the phase makes that
 * were not prefetched pass through. Anything that writes passes through and forgets what was read
 * (a deleted file only what named it; a new temporary file nothing).
 *
 * <p>Without {@code memoize} each prefetched answer is given once, then the host is asked again:
 * for a phase that reads a value more than once on purpose (polling).
 */
public final class SnapshotHost implements Host {
  private final Host delegate;
  private final boolean memoize;
  private final Map<Read, ReadResult> known = new HashMap<>();

  public SnapshotHost(Host delegate, boolean memoize) {
    this.delegate = delegate;
    this.memoize = memoize;
  }

  /** A fleet whose hosts are memoizing snapshots of {@code fleet}'s. */
  public static Fleet snapshot(Fleet fleet) {
    List<ManagedHost> hosts = new ArrayList<>();
    for (ManagedHost h : fleet.all()) {
      hosts.add(new ManagedHost(h.entry(), new SnapshotHost(h.host(), true)));
    }
    return new Fleet(hosts);
  }

  /** The snapshot behind a host of a fleet {@link #snapshot} made. */
  public static SnapshotHost of(ManagedHost host) {
    return (SnapshotHost) host.host();
  }

  /**
   * Reads, on every host at once, what {@code plan} says each needs: one batch per host (one exec
   * over SSH), the hosts concurrently.
   */
  public static void prefetchAll(
      List<SnapshotHost> hosts, Function<SnapshotHost, List<Read>> plan) {
    List<CompletableFuture<Void>> running = new ArrayList<>();
    for (SnapshotHost h : hosts) {
      List<Read> reads = plan.apply(h);
      if (!reads.isEmpty()) {
        running.add(CompletableFuture.runAsync(() -> h.prefetch(reads)));
      }
    }
    running.forEach(CompletableFuture::join);
  }

  /** Reads what is not known yet in one batch. */
  public void prefetch(List<Read> reads) {
    List<Read> missing;
    synchronized (this) {
      missing = reads.stream().distinct().filter(r -> !known.containsKey(key(r))).toList();
    }
    if (missing.isEmpty()) {
      return;
    }
    List<ReadResult> results = VirshBatch.readAll(delegate, missing);
    synchronized (this) {
      for (ReadResult r : results) {
        known.put(key(r.read()), r);
      }
    }
  }

  /** What a prefetched or memoized read gave, if it was read. */
  public synchronized Optional<ReadResult> known(Read read) {
    return Optional.ofNullable(known.get(key(read)));
  }

  private Object read(Read read) {
    return result(read).get();
  }

  /** The answer to {@code read}: known, or read now (and kept when memoizing). */
  private ReadResult result(Read read) {
    Read key = key(read);
    ReadResult cached;
    synchronized (this) {
      cached = memoize ? known.get(key) : known.remove(key);
    }
    if (cached == null) {
      cached = ReadResult.perform(delegate, read);
      if (memoize) {
        synchronized (this) {
          known.put(key, cached);
        }
      }
    }
    return cached;
  }

  /** A command's timeout is how long to wait, not what is read: it is no part of the key. */
  private static Read key(Read read) {
    return read instanceof Read.Run r
        ? new Read.Run(r.command().withTimeout(Command.DEFAULT_TIMEOUT))
        : read;
  }

  /** True when an argument names {@code dir} or something under it. */
  private static boolean mentions(Command command, String dir) {
    return command.argv().stream().anyMatch(a -> a.startsWith(dir));
  }

  private synchronized void forget() {
    known.clear();
  }

  @Override
  public String name() {
    return delegate.name();
  }

  @Override
  public CommandResult run(Command command) {
    if (command.stdin().isPresent()) {
      forget();
      return delegate.run(command);
    }
    return (CommandResult) read(new Read.Run(command));
  }

  @Override
  public RunningCommand start(Command command) {
    forget();
    return delegate.start(command);
  }

  @Override
  public String readFile(String path) {
    return (String) read(new Read.File(path));
  }

  @Override
  public void writeFile(String path, String content) {
    forget();
    delegate.writeFile(path, content);
  }

  @SuppressWarnings("unchecked")
  @Override
  public List<String> listDirectory(String path) {
    return (List<String>) read(new Read.Directory(path));
  }

  @SuppressWarnings("unchecked")
  @Override
  public Optional<String> readLink(String path) {
    return (Optional<String>) read(new Read.Link(path));
  }

  @Override
  public boolean exists(String path) {
    return (Boolean) read(new Read.Exists(path));
  }

  /**
   * A new private file under a name nobody read before changes no fact already read: what is known
   * stays known.
   */
  @Override
  public String createTempFile(String prefix, String content) {
    return delegate.createTempFile(prefix, content);
  }

  @Override
  public boolean createExclusive(String path, String content) {
    forget();
    return delegate.createExclusive(path, content);
  }

  /**
   * Deleting a file forgets only what was read of it and of its directory, and the commands that
   * name either.
   */
  @Override
  public void deleteFile(String path) {
    forget(path);
    delegate.deleteFile(path);
  }

  private synchronized void forget(String path) {
    int slash = path.lastIndexOf('/');
    String parent = slash > 0 ? path.substring(0, slash) : "/";
    known
        .keySet()
        .removeIf(
            r ->
                (r instanceof Read.Run c && mentions(c.command(), parent))
                    || (r instanceof Read.File f && f.path().equals(path))
                    || (r instanceof Read.Link l && l.path().equals(path))
                    || (r instanceof Read.Exists e && e.path().equals(path))
                    || (r instanceof Read.Directory d
                        && (d.path().equals(parent) || d.path().equals(parent + "/"))));
  }

  @Override
  public List<ReadResult> readAll(List<Read> reads) {
    prefetch(reads);
    return reads.stream().map(this::result).toList();
  }

  @Override
  public HostClock clock() {
    return delegate.clock();
  }

  @Override
  public void connectAhead() {
    delegate.connectAhead();
  }
}
