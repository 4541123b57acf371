package io.vfmigrate.workflow.migrate;

import io.vfmigrate.model.InvalidInputException;
import io.vfmigrate.model.Names;
import java.time.Duration;
import java.util.Optional;

/**
 * What the operator asked for. Post-copy and tunnelled migration can be asked for only to be
 * refused by the guards with the reason.
 *
 * @param timeout how long to wait for the migration; empty means derived from RAM and link speed
 * @param maxDowntime the highest downtime limit the switchover policy may raise to
 * @param stallTimeout how long the transfer may make no progress before it counts as failed
 * @param copyStorageAll copy the disks to the destination ({@code virsh migrate
 *     --copy-storage-all}) instead of needing shared storage
 * @param noParallel true for {@code --no-parallel}: one migration channel, no multifd
 * @param parallelConnections {@code --parallel-connections N}: this many multifd channels
 */
public record MigrateRequest(
    String vm,
    String source,
    String destination,
    boolean dryRun,
    Optional<Duration> timeout,
    boolean verify,
    boolean postcopy,
    boolean tunnelled,
    Duration maxDowntime,
    Duration stallTimeout,
    boolean copyStorageAll,
    boolean noParallel,
    Optional<Integer> parallelConnections) {
  public static final Duration DEFAULT_MAX_DOWNTIME = Duration.ofMillis(500);
  public static final Duration DEFAULT_STALL_TIMEOUT = Duration.ofSeconds(30);

  /**
   * The longest a migration may be given (and the cap of the default timeout): a week. Longer waits
   * are a mistake, and every later sum (virsh's own --timeout on top) stays far from overflow.
   */
  public static final Duration MAX_TIMEOUT = Duration.ofDays(7);

  /** QEMU's highest downtime limit (MAX_MIGRATE_DOWNTIME, 2000 s). */
  public static final Duration MAX_DOWNTIME = Duration.ofSeconds(2000);

  /** A request with the default stall timeout. */
  public MigrateRequest(
      String vm,
      String source,
      String destination,
      boolean dryRun,
      Optional<Duration> timeout,
      boolean verify,
      boolean postcopy,
      boolean tunnelled,
      Duration maxDowntime) {
    this(
        vm,
        source,
        destination,
        dryRun,
        timeout,
        verify,
        postcopy,
        tunnelled,
        maxDowntime,
        DEFAULT_STALL_TIMEOUT);
  }

  /** A request on shared storage whose multifd use vfmigrate decides from what the hosts report. */
  public MigrateRequest(
      String vm,
      String source,
      String destination,
      boolean dryRun,
      Optional<Duration> timeout,
      boolean verify,
      boolean postcopy,
      boolean tunnelled,
      Duration maxDowntime,
      Duration stallTimeout) {
    this(
        vm,
        source,
        destination,
        dryRun,
        timeout,
        verify,
        postcopy,
        tunnelled,
        maxDowntime,
        stallTimeout,
        false,
        false,
        Optional.empty());
  }

  /** A request with the multifd choice of {@code --no-parallel}/{@code --parallel-connections}. */
  public MigrateRequest(
      String vm,
      String source,
      String destination,
      boolean dryRun,
      Optional<Duration> timeout,
      boolean verify,
      boolean postcopy,
      boolean tunnelled,
      Duration maxDowntime,
      Duration stallTimeout,
      boolean noParallel,
      Optional<Integer> parallelConnections) {
    this(
        vm,
        source,
        destination,
        dryRun,
        timeout,
        verify,
        postcopy,
        tunnelled,
        maxDowntime,
        stallTimeout,
        false,
        noParallel,
        parallelConnections);
  }

  /** A request with {@code copyStorageAll} and the multifd decided from the hosts. */
  public MigrateRequest(
      String vm,
      String source,
      String destination,
      boolean dryRun,
      Optional<Duration> timeout,
      boolean verify,
      boolean postcopy,
      boolean tunnelled,
      Duration maxDowntime,
      Duration stallTimeout,
      boolean copyStorageAll) {
    this(
        vm,
        source,
        destination,
        dryRun,
        timeout,
        verify,
        postcopy,
        tunnelled,
        maxDowntime,
        stallTimeout,
        copyStorageAll,
        false,
        Optional.empty());
  }

  /** The same request with the disks copied ({@code --copy-storage-all}). */
  public MigrateRequest withCopyStorageAll() {
    return new MigrateRequest(
        vm,
        source,
        destination,
        dryRun,
        timeout,
        verify,
        postcopy,
        tunnelled,
        maxDowntime,
        stallTimeout,
        true,
        noParallel,
        parallelConnections);
  }

  public MigrateRequest {
    Names.vmName(vm);
    Names.hostName(source);
    Names.hostName(destination);
    if (timeout.isPresent() && timeout.get().compareTo(MAX_TIMEOUT) > 0
        || stallTimeout.compareTo(MAX_TIMEOUT) > 0) {
      throw new InvalidInputException(
          "A migration timeout above " + MAX_TIMEOUT.toDays() + " days is not a timeout.",
          "give at most " + MAX_TIMEOUT.toSeconds() + " s.");
    }
  }
}
