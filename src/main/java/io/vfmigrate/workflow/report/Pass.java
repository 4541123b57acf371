package io.vfmigrate.workflow.report;

/** A pre-copy pass (QEMU's dirty-sync-count) and the first sample that showed it. */
public record Pass(long iteration, long startMs) {}
