package io.vfmigrate.workflow.migrate;

import io.vfmigrate.host.Fleet;
import io.vfmigrate.host.ManagedHost;
import io.vfmigrate.model.VfmigrateException;
import io.vfmigrate.tools.virsh.Virsh;
import io.vfmigrate.workflow.SnapshotHost;
import io.vfmigrate.workflow.VmWhereabouts;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The guards' reads, started before the migration is journaled: while the CLI checks the VM's name
 * and opens the journal's operation, both hosts already answer everything the guards ask ({@link
 * GuardReads#prefetch}: three batches per host, both hosts at once), so that the guards then run on
 * answers already read. Reads only, so a run refused before it begins (a wrong name, an operation
 * waiting for recover) has changed nothing. The guards start once the first batch is read and judge
 * its answers while the later batches are read ({@link Reading}). Used by the first guard
 * evaluation alone: a second attempt reads again.
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
   * The snapshot once its first batch is read, with the later batches still under way ({@code
   * rest}), when it is of {@code fleet}: the guards start on the first batch's answers. A batch
   * that failed leaves its reads unknown: the guards ask for them again and report what fails.
   */
  Optional<Reading> readingOf(Fleet fleet) {
    if (fleet != this.fleet) {
      return Optional.empty();
    }
    join(first);
    return Optional.of(new Reading(seen, all));
  }

  /** A snapshot and the reads still under way on it. */
  record Reading(Fleet seen, CompletableFuture<Void> rest) {
    /** The snapshot, whose hosts answer a read they do not know yet once the rest is read. */
    Fleet awaited() {
      List<ManagedHost> hosts = new ArrayList<>();
      for (ManagedHost h : seen.all()) {
        hosts.add(new ManagedHost(h.entry(), new AwaitedHost(SnapshotHost.of(h), rest)));
      }
      return new Fleet(hosts);
    }

    /** The snapshot, once the reads under way have ended. */
    Fleet settled() {
      join(rest);
      return seen;
    }
  }

  private static void join(CompletableFuture<Void> reads) {
    try {
      reads.join();
    } catch (RuntimeException e) {
      // The guards read it again, and say what fails.
    }
  }
}
