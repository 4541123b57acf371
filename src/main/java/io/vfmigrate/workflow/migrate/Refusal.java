package io.vfmigrate.workflow.migrate;

/** A guard that said no: which, why, and what fixes it. */
public record Refusal(String guard, String reason, String fix) {}
