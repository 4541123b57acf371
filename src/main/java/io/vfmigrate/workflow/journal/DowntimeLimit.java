package io.vfmigrate.workflow.journal;

import java.time.Instant;

/**
 * The downtime limit of a running migration from one instant on: QEMU's own at the start of the
 * transfer, then each step the switchover policy raised it to. {@code elapsedMs} counts from the
 * start of the transfer, as a {@link Sample}'s does; {@code iteration} is the pre-copy pass QEMU
 * was in.
 */
public record DowntimeLimit(Instant at, long elapsedMs, long iteration, long limitMs) {}
