package io.vfmigrate.lab.machine.migration;

import io.vfmigrate.host.Command;
import io.vfmigrate.host.CommandResult;
import io.vfmigrate.host.RunningCommand;
import io.vfmigrate.lab.Lab;
import io.vfmigrate.lab.state.CommandResultSpec;
import io.vfmigrate.lab.state.MigrationSpec;
import java.time.Duration;
import java.util.Optional;

/**
 * The vfmigrate process's handle on the {@code virsh migrate} it started: it holds only the
 * migration's id and reads the migration from the lab's state at every call, under the lab's lock,
 * so that it sees what other processes did to it ({@code domjobabort}) and what the clock did. Once
 * it has read how virsh ended, the migration leaves the lab's state.
 */
public final class MigrationHandle implements RunningCommand {
  private static final long STEP_MS = 100;

  private final Lab lab;
  private final String id;
  private final Command command;
  private CommandResult result;

  public MigrationHandle(Lab lab, String id, Command command) {
    this.lab = lab;
    this.id = id;
    this.command = command;
  }

  @Override
  public Command command() {
    return command;
  }

  @Override
  public Optional<CommandResult> poll() {
    return lab.exclusive(
        () -> {
          collect();
          return Optional.ofNullable(result);
        });
  }

  @Override
  public Optional<CommandResult> waitFor(Duration timeout) {
    return lab.exclusive(
        () -> {
          collect();
          long left = timeout.toMillis();
          while (result == null && left > 0 && !lab.dying()) {
            long step = Math.min(STEP_MS, left);
            lab.clock().advance(Duration.ofMillis(step));
            left -= step;
            collect();
          }
          return Optional.ofNullable(result);
        });
  }

  @Override
  public void kill() {
    lab.exclusive(
        () -> {
          collect();
          if (result == null) {
            MigrationSpec migration = RunningMigrations.byId(lab.spec(), id).orElseThrow();
            result = toResult(new MigrationRun(lab.spec(), migration).killedByOwner());
          }
        });
  }

  @Override
  public String stderrSoFar() {
    if (result != null) {
      return result.stderr();
    }
    return lab.exclusive(
        () -> RunningMigrations.byId(lab.spec(), id).map(m -> m.stderr).orElse(""));
  }

  /** Reads the result once virsh has ended, and takes the migration out of the lab's state. */
  private void collect() {
    if (result != null) {
      return;
    }
    Optional<MigrationSpec> migration = RunningMigrations.byId(lab.spec(), id);
    if (migration.isEmpty()) {
      // The lab was reset or re-created under the running virsh: its connection is gone.
      // UNCONFIRMED: the text virsh prints when libvirtd's connection drops mid-call
      // (src/rpc/virnetsocket.c virNetSocketReadWire).
      CommandResultSpec lost = new CommandResultSpec();
      lost.exitCode = 1;
      lost.stderr = "error: End of file while reading data: Input/output error\n";
      result = toResult(lost);
      return;
    }
    if (migration.get().result != null) {
      result = toResult(migration.get().result);
      lab.spec().migrations.remove(migration.get());
    }
  }

  private CommandResult toResult(CommandResultSpec spec) {
    return new CommandResult(
        command, spec.exitCode, spec.stdout, spec.stderr, Duration.ofMillis(spec.durationMs));
  }
}
