package io.vfmigrate.lab.machine.migration;

import io.vfmigrate.lab.state.MigrationSpec;
import io.vfmigrate.lab.tools.LabContext;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * How long a {@code virsh qemu-monitor-command} waits for a migration's job, in the lab's virtual
 * time. As captured on libvirt 9.0 (fixtures/real/README.md): on the destination it waits for the
 * incoming job to end (3.85 s) and then answers; on the source, once QEMU completed and libvirt
 * finishes the job, it waits until the job has ended (1.18 s), and the domain is gone by then.
 * libvirt gives up on a job it cannot get after 30 s (qemu_domainjob.c QEMU_JOB_WAIT_TIME).
 */
public final class MonitorJobWait {
  public static final long JOB_WAIT_MS = 30_000;
  private static final long STEP_MS = 100;

  private MonitorJobWait() {}

  /** The source's job past QEMU's end of the transfer (Finish and Confirm). */
  public static boolean finishing(Optional<MigrationSpec> outgoing) {
    return outgoing
        .filter(m -> MigrationRun.FINISH.equals(m.phase) || MigrationRun.CONFIRM.equals(m.phase))
        .isPresent();
  }

  /**
   * Advances the lab's clock until {@code busy} is false or libvirt's 30 s passed; true when the
   * job ended in time.
   */
  public static boolean await(LabContext context, Supplier<Boolean> busy) {
    long waited = 0;
    while (busy.get()) {
      if (waited >= JOB_WAIT_MS || context.clock().lab().dying()) {
        return false;
      }
      context.clock().advance(Duration.ofMillis(STEP_MS));
      waited += STEP_MS;
    }
    return true;
  }
}
