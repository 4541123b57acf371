/**
 * The journal in SQLite: {@code $VFMIGRATE_HOME/journal.db}, shared by every vfmigrate process on
 * the machine. Implements the workflow layer's {@link io.vfmigrate.workflow.journal.Journal} port
 * through {@code java.sql} only; the CLI opens it and hands it to the workflows.
 */
package io.vfmigrate.journal.sqlite;
