package io.vfmigrate.cli;

import sun.misc.Signal;

/**
 * Ctrl-C during a migration must not kill vfmigrate mid-way: it asks the workflow to abort and roll
 * back, which leaves the VM running on the source.
 */
final class Interrupts {
  private Interrupts() {}

  static void onInterrupt(Runnable action) {
    try {
      Signal.handle(new Signal("INT"), signal -> action.run());
    } catch (IllegalArgumentException | UnsupportedOperationException e) {
      // No SIGINT on this platform (or it is reserved); the default handling stays.
    }
  }
}
