package io.vfmigrate.workflow.journal;

import java.time.Instant;
import java.util.Optional;

/** One journaled step. */
public record StepRecord(
    long id,
    String operation,
    String host,
    String description,
    String command,
    StepState state,
    Instant started,
    Optional<Instant> ended,
    String detail) {}
