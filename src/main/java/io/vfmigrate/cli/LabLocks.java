package io.vfmigrate.cli;

import java.io.IOException;
import java.nio.channels.FileLock;

/** Releases a lab lock quietly: the lock goes with the process anyway. */
final class LabLocks {
  private LabLocks() {}

  static void release(FileLock lock) {
    if (lock == null) {
      return;
    }
    try {
      lock.release();
      lock.channel().close();
    } catch (IOException e) {
      // Nothing to do: the operating system drops the lock when the process ends.
    }
  }
}
