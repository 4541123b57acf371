package io.vfmigrate.workflow.report;

import java.util.Optional;

/** A journaled step as the report lists it; {@code durationMs} is empty while it never ended. */
public record StepLine(
    String host, String description, String state, Optional<Long> durationMs, String detail) {}
