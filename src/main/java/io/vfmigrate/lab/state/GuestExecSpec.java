package io.vfmigrate.lab.state;

/**
 * A process started in a guest through the guest agent's {@code guest-exec} (runtime). The lab runs
 * it to completion at once; {@code guest-exec-status} hands its result back exactly once, as
 * qemu-ga forgets a process after reporting that it exited.
 */
public class GuestExecSpec {
  public int pid;
  public int exitCode;
  public String stdout = "";
  public String stderr = "";

  /** True once {@code guest-exec-status} reported the exit. */
  public boolean reaped;
}
