package io.vfmigrate.workflow.journal;

import java.time.Instant;
import java.util.Optional;

/** A claim file an operation took on a host, and when it let it go. */
public record ClaimRecord(
    String operation, String host, String path, Instant taken, Optional<Instant> released) {}
