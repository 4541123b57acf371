package io.vfmigrate.workflow.report;

import java.util.Optional;

/**
 * When the VM switched over to the destination, in milliseconds since the transfer started (the end
 * of the transfer less the downtime; the end itself when the downtime is unknown), and the measured
 * downtime. {@code at} is empty when there was no switchover (refused, rolled back, never ended);
 * {@code downtime} then says why.
 */
public record Switchover(Optional<Long> atMs, Figure downtimeMs) {}
