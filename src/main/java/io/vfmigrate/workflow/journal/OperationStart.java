package io.vfmigrate.workflow.journal;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What is known when an operation begins. {@code machine} and {@code pid} say which process runs
 * it, so that a claim or an unfinished operation can be told live or stale.
 */
public record OperationStart(
    OperationKind kind,
    Optional<String> vm,
    List<String> hosts,
    Instant started,
    String machine,
    long pid,
    String arguments) {
  public OperationStart {
    hosts = List.copyOf(hosts);
  }
}
