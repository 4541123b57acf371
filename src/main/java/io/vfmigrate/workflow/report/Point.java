package io.vfmigrate.workflow.report;

import java.util.Optional;

/**
 * One progress sample as a chart point: milliseconds since the transfer started, guest RAM in sync
 * on the destination (QEMU's total less remaining: it drops when a pass finds pages dirtied again),
 * VF device-state bytes sent, and the pre-copy pass (empty when unknown).
 */
public record Point(
    long elapsedMs, long ramBytes, long deviceStateBytes, String phase, Optional<Long> iteration) {}
