package io.vfmigrate.lab.machine;

import io.vfmigrate.lab.state.GuestExecSpec;
import io.vfmigrate.lab.state.VmSpec;
import java.util.Optional;

/**
 * Processes that qemu-ga starts in a guest ({@code guest-exec}): the lab runs each to completion at
 * once and keeps its result until {@code guest-exec-status} has reported it, once.
 */
public final class GuestProcesses {
  /** The PID of the first process started in a lab guest. */
  private static final int FIRST_PID = 2101;

  private GuestProcesses() {}

  /** Records a finished process; its PID follows the guest's earlier ones. */
  public static GuestExecSpec record(VmSpec vm, int exitCode, String stdout, String stderr) {
    GuestExecSpec process = new GuestExecSpec();
    process.pid = FIRST_PID + vm.guestExecs.size();
    process.exitCode = exitCode;
    process.stdout = stdout;
    process.stderr = stderr;
    vm.guestExecs.add(process);
    return process;
  }

  /** The process's result, once: qemu-ga forgets a process after reporting its exit. */
  public static Optional<GuestExecSpec> reap(VmSpec vm, int pid) {
    for (GuestExecSpec process : vm.guestExecs) {
      if (process.pid == pid && !process.reaped) {
        process.reaped = true;
        return Optional.of(process);
      }
    }
    return Optional.empty();
  }
}
