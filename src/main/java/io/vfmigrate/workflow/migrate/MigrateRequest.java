package io.vfmigrate.workflow.migrate;

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
    boolean noParallel,
    Optional<Integer> parallelConnections) {
  public static final Duration DEFAULT_MAX_DOWNTIME = Duration.ofMillis(500);
  public static final Duration DEFAULT_STALL_TIMEOUT = Duration.ofSeconds(30);

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

  /** A request whose multifd use vfmigrate decides from what the hosts report. */
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
        Optional.empty());
  }

  public MigrateRequest {
    Names.vmName(vm);
    Names.hostName(source);
    Names.hostName(destination);
  }
}
