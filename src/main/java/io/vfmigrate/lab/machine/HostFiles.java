package io.vfmigrate.lab.machine;

import io.vfmigrate.lab.state.HostSpec;

/** The plain files vfmigrate keeps on an emulated host (temporary files, claims), by path. */
public final class HostFiles {
  private HostFiles() {}

  public static void write(HostSpec host, String path, String content) {
    host.files.put(path, content);
  }

  /** Creates the file unless it exists; false when it did. */
  public static boolean createExclusive(HostSpec host, String path, String content) {
    return host.files.putIfAbsent(path, content) == null;
  }

  public static void delete(HostSpec host, String path) {
    host.files.remove(path);
  }
}
