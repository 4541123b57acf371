package io.vfmigrate.workflow.claims;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Two hosts a and b with their claims in memory, this control machine ctl1 and its processes, and
 * the claims created on the hosts, in order, in one shared log.
 */
final class ClaimsFixture {
  static final Instant NOW = Instant.parse("2026-12-03T07:46:51Z");

  final FakeProcesses processes = new FakeProcesses();
  final Claims claims = new Claims(new ClaimLiveness("ctl1", processes, op -> false));
  final List<String> created = new ArrayList<>();
  final MemoryHost a = new MemoryHost("a", created::add);
  final MemoryHost b = new MemoryHost("b", created::add);

  /** An owner on ctl1 whose process runs (started a minute before it took its claims). */
  ClaimOwner owner(String operation, long pid) {
    processes.running(pid, NOW.minusSeconds(60));
    return new ClaimOwner(operation, "ctl1", pid, NOW);
  }
}
