package io.vfmigrate.workflow.journal;

import java.time.Instant;

/** A progress sample of a migration: RAM and VF device-state bytes at one instant. */
public record Sample(
    Instant at,
    long elapsedMs,
    String phase,
    long bytesDone,
    long bytesTotal,
    long deviceStateBytes,
    long bytesPerSecond) {}
