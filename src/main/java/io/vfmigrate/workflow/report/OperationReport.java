package io.vfmigrate.workflow.report;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The report of one journaled migration or evacuation: the operation itself, its migration (one for
 * {@code migrate}; an evacuation's children) and, for an evacuation, its time line.
 */
public record OperationReport(
    String id,
    String kind,
    Optional<String> vm,
    List<String> hosts,
    Instant started,
    Optional<Instant> ended,
    String outcome,
    String detail,
    Figure totalTimeMs,
    List<MigrationFacts> migrations,
    Optional<EvacuationFacts> evacuation) {
  public OperationReport {
    hosts = List.copyOf(hosts);
    migrations = List.copyOf(migrations);
  }
}
