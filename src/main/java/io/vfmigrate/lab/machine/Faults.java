package io.vfmigrate.lab.machine;

import io.vfmigrate.lab.state.FaultSpec;
import io.vfmigrate.lab.state.HostSpec;
import java.util.Iterator;
import java.util.Optional;

/**
 * The failures injected into a host ({@code faults:} of the lab description), used up as they hit.
 */
public final class Faults {
  private Faults() {}

  /**
   * Consumes one use of the first command fault whose command is a prefix of {@code line}; a fault
   * that still has matches to skip lets this one pass.
   */
  public static Optional<FaultSpec> take(HostSpec host, String line) {
    Iterator<FaultSpec> it = host.faults.iterator();
    while (it.hasNext()) {
      FaultSpec fault = it.next();
      if (fault.command != null
          && (line.equals(fault.command) || line.startsWith(fault.command + " "))) {
        if (fault.skip > 0) {
          fault.skip--;
          return Optional.empty();
        }
        fault.times--;
        if (fault.times <= 0) {
          it.remove();
        }
        return Optional.of(fault);
      }
    }
    return Optional.empty();
  }
}
