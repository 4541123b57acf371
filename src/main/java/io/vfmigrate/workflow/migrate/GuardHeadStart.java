package io.vfmigrate.workflow.migrate;

import io.vfmigrate.host.Fleet;
import io.vfmigrate.model.VfmigrateException;
import io.vfmigrate.tools.virsh.Virsh;
import io.vfmigrate.workflow.SnapshotHost;
import io.vfmigrate.workflow.VmWhereabouts;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The guards' reads, started before the migration is journaled: while the CLI checks the VM's name
 * and opens the journal's operation, both hosts already answer everything the guards ask ({@link
 * GuardReads#prefetch}: three batches per host, both hosts at once), so that the guards then run on
 * answers already read. Reads only, so a run refused before it begins (a wrong name, an operation
 * waiting for recover) has changed nothing. Used by the first guard evaluation alone: a second
 * attempt reads again.
 */
public final class GuardHeadStart {
  private final Fleet fleet;
  private final Fleet seen;
  private final String vm;
  private final String source;
  private final CompletableFuture<Void> first;
  private final CompletableFuture<Void> all;

  private GuardHeadStart(
      Fleet fleet,
      Fleet seen,
      String vm,
      String source,
      CompletableFuture<Void> first,
      CompletableFuture<Void> all) {
    this.fleet = fleet;
    this.seen = seen;
    this.vm = vm;
    this.source = source;
    this.first = first;
    this.all = all;
  }

  /** Starts reading, on both hosts at once, what the guards of {@code vm}'s migration ask. */
  public static GuardHeadStart begin(Fleet fleet, String vm, String source, String destination) {
    Fleet seen = SnapshotHost.snapshot(fleet);
    if (source.equals(destination)) {
      CompletableFuture<Void> none = CompletableFuture.completedFuture(null);
      return new GuardHeadStart(fleet, seen, vm, source, none, none);
    }
    CompletableFuture<Void> first =
        CompletableFuture.runAsync(
            () -> GuardReads.first(seen.get(source), seen.get(destination), vm));
    // The later batches need the first one's answers; a first batch that failed leaves them to
    // the guards, which read (and report) them themselves.
    CompletableFuture<Void> all =
        first.thenRun(() -> GuardReads.prefetch(seen.get(source), seen.get(destination), vm));
    return new GuardHeadStart(fleet, seen, vm, source, first, all);
  }

  /**
   * {@link VmWhereabouts#requireKnown} answered from the first batch (the source's {@code domstate}
   * is in it): no exec of its own, and no second {@code domstate} beside the batch's.
   */
  public void requireKnown() {
    join(first);
    try {
      if (new Virsh(seen.get(source).host()).domstate(vm).isPresent()) {
        // The source defines it (its first batch says so): no other host needs asking.
        return;
      }
    } catch (VfmigrateException e) {
      // The scan below asks every host and tells an unanswered one from an unknown name.
    }
    VmWhereabouts.requireKnown(seen, vm);
  }

  /**
   * The snapshot with the guards' reads done, once they are, when it is of {@code fleet}. A batch
   * that failed leaves its reads unknown: the guards ask for them again and report what fails.
   */
  Optional<Fleet> snapshotOf(Fleet fleet) {
    if (fleet != this.fleet) {
      return Optional.empty();
    }
    join(all);
    return Optional.of(seen);
  }

  private static void join(CompletableFuture<Void> reads) {
    try {
      reads.join();
    } catch (RuntimeException e) {
      // The guards read it again, and say what fails.
    }
  }
}
