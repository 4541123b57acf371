package io.vfmigrate.lab;

import io.vfmigrate.lab.state.OwnerSpec;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * vfmigrate processes as the lab tells them apart: by PID and by the instant the process started,
 * so that a PID the system has given to another process since is not taken for the old one.
 */
public final class ClientProcesses {
  private ClientProcesses() {}

  /** This process. */
  public static OwnerSpec self() {
    ProcessHandle me = ProcessHandle.current();
    return new OwnerSpec(me.pid(), me.info().startInstant().map(Instant::toString).orElse(null));
  }

  public static boolean same(OwnerSpec a, OwnerSpec b) {
    return a.pid == b.pid && Objects.equals(a.started, b.started);
  }

  /** True while that very process runs: alive, and started when it was recorded to start. */
  public static boolean alive(OwnerSpec owner) {
    Optional<ProcessHandle> handle = ProcessHandle.of(owner.pid);
    if (handle.isEmpty() || !handle.get().isAlive()) {
      return false;
    }
    if (owner.started == null) {
      return true;
    }
    Optional<Instant> started = handle.get().info().startInstant();
    return started.isEmpty() || started.get().toString().equals(owner.started);
  }

  /**
   * Kills another vfmigrate process as {@code kill -9} does (SIGKILL: no finally blocks, no
   * shutdown hooks) and waits until it is gone, so that the caller may settle what it left.
   */
  static void killForcibly(OwnerSpec owner) {
    if (!alive(owner)) {
      return;
    }
    ProcessHandle handle = ProcessHandle.of(owner.pid).orElseThrow();
    handle.destroyForcibly();
    try {
      handle.onExit().get(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      throw new LabException(
          "Could not kill vfmigrate process " + owner.pid + " for a kill_client fault.",
          "kill it yourself (kill -9 " + owner.pid + ").",
          e);
    }
  }
}
