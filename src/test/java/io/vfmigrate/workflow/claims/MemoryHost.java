package io.vfmigrate.workflow.claims;

import io.vfmigrate.host.Command;
import io.vfmigrate.host.CommandResult;
import io.vfmigrate.host.FileAccessException;
import io.vfmigrate.host.Host;
import io.vfmigrate.host.HostClock;
import io.vfmigrate.host.HostException;
import io.vfmigrate.host.RunningCommand;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.Consumer;

/**
 * Files only, as a real filesystem lists them (directories exist while they hold files); every
 * {@link #createExclusive} is reported to a log, and creation can be made to fail like a dropped
 * connection.
 */
final class MemoryHost implements Host {
  private final String name;
  private final ConcurrentSkipListMap<String, String> files = new ConcurrentSkipListMap<>();
  private final Consumer<String> log;
  private volatile boolean dropped;
  private volatile boolean readOnly;
  private final java.util.Set<String> unreadable =
      java.util.concurrent.ConcurrentHashMap.newKeySet();

  MemoryHost(String name, Consumer<String> log) {
    this.name = name;
    this.log = log;
  }

  /** From now on, creating a file fails as a host whose connection dropped. */
  MemoryHost drop() {
    dropped = true;
    return this;
  }

  /** From now on, removing a file fails as on a read-only filesystem. */
  MemoryHost readOnly() {
    readOnly = true;
    return this;
  }

  /** Reading {@code path} fails as a file this user may not read. */
  MemoryHost unreadable(String path) {
    unreadable.add(path);
    return this;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public CommandResult run(Command command) {
    throw new UnsupportedOperationException("files only");
  }

  @Override
  public RunningCommand start(Command command) {
    throw new UnsupportedOperationException("files only");
  }

  @Override
  public String readFile(String path) {
    if (unreadable.contains(path)) {
      throw new FileAccessException(name, path, "Permission denied");
    }
    String content = files.get(path);
    if (content == null) {
      throw new FileAccessException(name, path, "No such file or directory");
    }
    return content;
  }

  @Override
  public void writeFile(String path, String content) {
    files.put(path, content);
  }

  @Override
  public List<String> listDirectory(String path) {
    if (files.containsKey(path)) {
      throw new FileAccessException(name, path, "Not a directory");
    }
    String prefix = path + "/";
    TreeSet<String> names = new TreeSet<>();
    for (String p : files.tailMap(prefix).keySet()) {
      if (!p.startsWith(prefix)) {
        break;
      }
      String rest = p.substring(prefix.length());
      names.add(rest.contains("/") ? rest.substring(0, rest.indexOf('/')) : rest);
    }
    if (names.isEmpty()) {
      throw new FileAccessException(name, path, "No such file or directory");
    }
    return new ArrayList<>(names);
  }

  @Override
  public Optional<String> readLink(String path) {
    return Optional.empty();
  }

  @Override
  public boolean exists(String path) {
    return files.containsKey(path);
  }

  @Override
  public String createTempFile(String prefix, String content) {
    throw new UnsupportedOperationException("files only");
  }

  @Override
  public boolean createExclusive(String path, String content) {
    if (dropped) {
      throw new HostException(name + ": the connection dropped", "check the network");
    }
    boolean created = files.putIfAbsent(path, content) == null;
    log.accept(name + ":" + path + (created ? "" : " (held)"));
    return created;
  }

  @Override
  public void deleteFile(String path) {
    if (readOnly) {
      throw new FileAccessException(name, path, "Read-only file system");
    }
    files.remove(path);
  }

  @Override
  public HostClock clock() {
    return HostClock.system();
  }
}
