package io.vfmigrate.workflow.migrate;

import io.vfmigrate.host.Fleet;
import io.vfmigrate.workflow.SnapshotHost;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The guards' first batch of reads, started before the migration is journaled: while the CLI checks
 * the VM's name and opens the journal's operation (about 0.1 s on the real lab), both hosts already
 * answer what the guards ask first. Reads only, so a run refused before it begins (a wrong name, an
 * operation waiting for recover) has changed nothing. Used by the first guard evaluation alone: a
 * second attempt reads again.
 */
public final class GuardHeadStart {
  private final Fleet fleet;
  private final Fleet seen;
  private final CompletableFuture<Void> reads;

  private GuardHeadStart(Fleet fleet, Fleet seen, CompletableFuture<Void> reads) {
    this.fleet = fleet;
    this.seen = seen;
    this.reads = reads;
  }

  /** Starts reading, on both hosts at once, what the guards of {@code vm}'s migration ask first. */
  public static GuardHeadStart begin(Fleet fleet, String vm, String source, String destination) {
    Fleet seen = SnapshotHost.snapshot(fleet);
    CompletableFuture<Void> reads =
        source.equals(destination)
            ? CompletableFuture.completedFuture(null)
            : CompletableFuture.runAsync(
                () -> GuardReads.first(seen.get(source), seen.get(destination), vm));
    return new GuardHeadStart(fleet, seen, reads);
  }

  /**
   * The snapshot with the first batch read, once it is, when it is of {@code fleet}. A batch that
   * failed leaves its reads unknown: the guards ask for them again and report what fails.
   */
  Optional<Fleet> snapshotOf(Fleet fleet) {
    if (fleet != this.fleet) {
      return Optional.empty();
    }
    try {
      reads.join();
    } catch (RuntimeException e) {
      // The guards read it again, and say what fails.
    }
    return Optional.of(seen);
  }
}
