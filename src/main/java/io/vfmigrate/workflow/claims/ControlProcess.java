package io.vfmigrate.workflow.claims;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Objects;

/**
 * This vfmigrate process: the control machine it runs on, its PID and the wall clock it dates
 * claims with. Claims name it as their owner; liveness compares a claim's machine with it.
 */
public record ControlProcess(String machine, long pid, Clock wallClock) {
  public ControlProcess {
    Objects.requireNonNull(machine, "machine");
    Objects.requireNonNull(wallClock, "wallClock");
  }

  /** This process on this machine, with the system's wall clock. */
  public static ControlProcess current() {
    return new ControlProcess(hostname(), ProcessHandle.current().pid(), Clock.systemUTC());
  }

  /** The owner to write into the claims of {@code operation}, dated now. */
  public ClaimOwner owner(String operation) {
    return new ClaimOwner(operation, machine, pid, wallClock.instant());
  }

  /**
   * An operation id for callers that have no journal id yet: {@code KIND-PID-NANOTIME}, unique on
   * this machine. The journal's operation ids replace it once wired in.
   */
  public static String provisionalOperationId(String kind) {
    return kind + "-" + ProcessHandle.current().pid() + "-" + System.nanoTime();
  }

  /**
   * The kernel's hostname, as {@code hostname} prints it: the same for every process of the
   * machine, and not a DNS answer that could change or hang.
   */
  static String hostname() {
    try {
      String name =
          Files.readString(Path.of("/proc/sys/kernel/hostname"), StandardCharsets.UTF_8).strip();
      if (!name.isEmpty()) {
        return name;
      }
    } catch (IOException e) {
      // Not Linux: ask Java.
    }
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "localhost";
    }
  }
}
