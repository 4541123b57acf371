package io.vfmigrate.workflow.journal;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One operation as the journal holds it; {@code end} is empty while it is unfinished, {@code
 * parent} names the operation it is part of (an evacuation, for its migrations).
 */
public record OperationRecord(
    String id,
    OperationKind kind,
    Optional<String> vm,
    List<String> hosts,
    Instant started,
    String machine,
    long pid,
    String arguments,
    Optional<OperationEnd> end,
    Optional<String> parent) {
  public OperationRecord {
    hosts = List.copyOf(hosts);
  }

  /** An operation that is not part of another. */
  public OperationRecord(
      String id,
      OperationKind kind,
      Optional<String> vm,
      List<String> hosts,
      Instant started,
      String machine,
      long pid,
      String arguments,
      Optional<OperationEnd> end) {
    this(id, kind, vm, hosts, started, machine, pid, arguments, end, Optional.empty());
  }

  public boolean finished() {
    return end.isPresent();
  }
}
