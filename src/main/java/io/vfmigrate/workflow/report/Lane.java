package io.vfmigrate.workflow.report;

import java.util.Optional;

/**
 * One migration of an evacuation on the time line: milliseconds from the evacuation's start to the
 * migration's start and end (empty while it never ended).
 */
public record Lane(MigrationFacts migration, long startMs, Optional<Long> endMs) {}
