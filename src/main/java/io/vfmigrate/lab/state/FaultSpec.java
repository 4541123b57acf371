package io.vfmigrate.lab.state;

/**
 * An injected failure. A command fault: the next {@code times} commands whose argv, joined by
 * single spaces, starts with {@code command} fail with the given output, as the real tool would
 * fail; a path as command makes writes to that file fail with {@code stderr} as the error reason.
 * The first {@code skip} matches pass untouched.
 *
 * <p>With {@code kill_client} the fault instead kills the vfmigrate process that drives the lab, as
 * {@code kill -9} would: before the matching command runs, or after it ran with {@code after}; or,
 * with {@code migration_phase} and {@code vm} instead of a command, when the migration of that VM
 * has been {@code after_ms} of virtual time in that phase ({@code perform}, {@code finish} or
 * {@code confirm}).
 */
public class FaultSpec {
  public String command;
  public int exitCode = 1;
  public String stdout = "";
  public String stderr = "";
  public int times = 1;

  /** Matches to let pass before the fault applies. */
  public int skip;

  /** Kill the vfmigrate process instead of failing the command. */
  public boolean killClient;

  /** With a command: kill after the command ran (and its changes were saved), not before. */
  public boolean after;

  /** With {@code migration_phase}: the VM whose migration it watches (its name on the source). */
  public String vm;

  /** perform, finish or confirm. */
  public String migrationPhase;

  /** Virtual ms into that phase. */
  public long afterMs;

  /**
   * A failure of the migration of {@code vm} itself, with what real libvirt/QEMU print: {@code
   * link_cut}, {@code destination_qemu_dies}, {@code source_libvirtd_restarts} (at {@code
   * at_percent}, or at {@code migration_phase} + {@code after_ms}), {@code prepare_refused} (at the
   * destination's Prepare), {@code device_load_fails} (at switchover), {@code abort_fails} (the
   * next {@code domjobabort} of it). Listed under the source host's faults.
   */
  public String migrationFault;

  /** RAM progress, in percent, at which a migration fault strikes (default 50). */
  public Integer atPercent;
}
