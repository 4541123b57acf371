package io.vfmigrate.workflow.journal;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** One operation as the journal holds it; {@code end} is empty while it is unfinished. */
public record OperationRecord(
    String id,
    OperationKind kind,
    Optional<String> vm,
    List<String> hosts,
    Instant started,
    String machine,
    long pid,
    String arguments,
    Optional<OperationEnd> end) {
  public OperationRecord {
    hosts = List.copyOf(hosts);
  }

  public boolean finished() {
    return end.isPresent();
  }
}
