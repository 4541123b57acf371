package io.vfmigrate.workflow.migrate;

import io.vfmigrate.model.InvalidInputException;
import io.vfmigrate.model.Names;
import java.time.Duration;
import java.util.Optional;

/**
 * What the operator asked for. Post-copy and tunnelled migration can be asked for only to be
 * refused by the guards with the reason. Made with {@link #builder}, which names each choice.
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

  /**
   * A request for {@code vm} from {@code source} to {@code destination}, starting from what {@code
   * vfmigrate migrate VM --from SOURCE --to DESTINATION} asks with no other option: a real run,
   * verified, pre-copy over a direct connection, the default downtime limit and stall timeout, on
   * shared storage, multifd as the hosts allow.
   */
  public static Builder builder(String vm, String source, String destination) {
    return new Builder(vm, source, destination);
  }

  /** Names each choice of a {@link MigrateRequest}; what it is not told stays the default. */
  public static final class Builder {
    private final String vm;
    private final String source;
    private final String destination;
    private boolean dryRun;
    private Optional<Duration> timeout = Optional.empty();
    private boolean verify = true;
    private boolean postcopy;
    private boolean tunnelled;
    private Duration maxDowntime = DEFAULT_MAX_DOWNTIME;
    private Duration stallTimeout = DEFAULT_STALL_TIMEOUT;
    private boolean copyStorageAll;
    private boolean noParallel;
    private Optional<Integer> parallelConnections = Optional.empty();

    private Builder(String vm, String source, String destination) {
      this.vm = vm;
      this.source = source;
      this.destination = destination;
    }

    public Builder dryRun(boolean dryRun) {
      this.dryRun = dryRun;
      return this;
    }

    /** How long to wait for the migration; empty derives it from RAM and link speed. */
    public Builder timeout(Optional<Duration> timeout) {
      this.timeout = timeout;
      return this;
    }

    public Builder timeout(Duration timeout) {
      return timeout(Optional.of(timeout));
    }

    public Builder verify(boolean verify) {
      this.verify = verify;
      return this;
    }

    public Builder postcopy(boolean postcopy) {
      this.postcopy = postcopy;
      return this;
    }

    public Builder tunnelled(boolean tunnelled) {
      this.tunnelled = tunnelled;
      return this;
    }

    public Builder maxDowntime(Duration maxDowntime) {
      this.maxDowntime = maxDowntime;
      return this;
    }

    public Builder stallTimeout(Duration stallTimeout) {
      this.stallTimeout = stallTimeout;
      return this;
    }

    public Builder copyStorageAll(boolean copyStorageAll) {
      this.copyStorageAll = copyStorageAll;
      return this;
    }

    public Builder noParallel(boolean noParallel) {
      this.noParallel = noParallel;
      return this;
    }

    public Builder parallelConnections(Optional<Integer> parallelConnections) {
      this.parallelConnections = parallelConnections;
      return this;
    }

    /**
     * The request; refuses a name that is not one, or a timeout above {@link
     * MigrateRequest#MAX_TIMEOUT}.
     */
    public MigrateRequest build() {
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
          copyStorageAll,
          noParallel,
          parallelConnections);
    }
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
