package io.vfmigrate.workflow.evacuate;

import io.vfmigrate.workflow.evacuate.EvacuationPlan.Move;
import java.util.List;
import java.util.Map;

/**
 * The shortest any evacuation of these VMs can take: every byte of their RAM and their VFs' device
 * state crosses the one migration link at least once, and no evacuation ends before its longest
 * migration would alone. {@code max(sum(RAM + device state) / link bandwidth, longest predicted
 * migration on an idle link)}; the device state is the measured one once a migration reported it.
 */
final class LowerBound {
  private LowerBound() {}

  static long of(List<Move> moves, Map<String, Moved> done, long linkBytesPerSecond) {
    double bytes = 0;
    long longest = 0;
    for (Move m : moves) {
      Moved d = done.get(m.vm());
      long device =
          d == null ? m.deviceStateBytes() : d.deviceStateBytes().orElse(m.deviceStateBytes());
      bytes += m.memoryBytes() + device;
      longest = Math.max(longest, m.predicted().totalMs());
    }
    long transfer =
        linkBytesPerSecond > 0 ? (long) Math.ceil(bytes * 1000 / linkBytesPerSecond) : 0;
    return Math.max(transfer, longest);
  }
}
