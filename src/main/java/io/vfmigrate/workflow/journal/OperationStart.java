package io.vfmigrate.workflow.journal;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What is known when an operation begins. {@code machine} and {@code pid} say which process runs
 * it, so that a claim or an unfinished operation can be told live or stale. {@code parent} is the
 * operation this one is part of (an evacuation, for each of its migrations).
 */
public record OperationStart(
    OperationKind kind,
    Optional<String> vm,
    List<String> hosts,
    Instant started,
    String machine,
    long pid,
    String arguments,
    Optional<String> parent) {
  public OperationStart {
    hosts = List.copyOf(hosts);
  }

  /** An operation of its own, not part of another (the usual case). */
  public OperationStart(
      OperationKind kind,
      Optional<String> vm,
      List<String> hosts,
      Instant started,
      String machine,
      long pid,
      String arguments) {
    this(kind, vm, hosts, started, machine, pid, arguments, Optional.empty());
  }

  /** The same start, as part of the operation {@code parent} (an evacuation's migrations). */
  public OperationStart withParent(String parent) {
    return new OperationStart(
        kind, vm, hosts, started, machine, pid, arguments, Optional.of(parent));
  }
}
