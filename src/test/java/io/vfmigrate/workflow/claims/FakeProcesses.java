package io.vfmigrate.workflow.claims;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** A process table for tests: the processes it was told run, and when they started. */
final class FakeProcesses implements ProcessTable {
  private final Map<Long, Optional<Instant>> running = new ConcurrentHashMap<>();

  FakeProcesses running(long pid, Instant started) {
    running.put(pid, Optional.of(started));
    return this;
  }

  FakeProcesses runningSinceUnknown(long pid) {
    running.put(pid, Optional.empty());
    return this;
  }

  FakeProcesses dies(long pid) {
    running.remove(pid);
    return this;
  }

  @Override
  public Optional<RunningProcess> find(long pid) {
    Optional<Instant> started = running.get(pid);
    return started == null ? Optional.empty() : Optional.of(new RunningProcess(pid, started));
  }
}
