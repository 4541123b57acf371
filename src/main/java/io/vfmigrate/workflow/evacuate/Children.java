package io.vfmigrate.workflow.evacuate;

import io.vfmigrate.workflow.journal.Operations;

/**
 * Where an evacuation's migrations are journaled: each VM's migration is its own MIGRATE operation,
 * part of the evacuation {@code parent}, so that {@code history}, {@code recover} and {@code
 * report} treat it as any migration.
 */
public record Children(Operations operations, String parent) {}
