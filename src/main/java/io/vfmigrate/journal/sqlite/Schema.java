package io.vfmigrate.journal.sqlite;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * The journal's tables, created on open and versioned with {@code PRAGMA user_version}: a later
 * vfmigrate adds a step to {@link #MIGRATIONS} and raises {@link SqliteJournal#SCHEMA_VERSION}.
 *
 * <p>Times are ISO-8601 UTC text with milliseconds; statistics nobody measured are NULL, never 0.
 * {@code hosts} is the operation's host names joined with commas, in the operation's order.
 */
final class Schema {
  /** MIGRATIONS.get(n) takes the schema from version n to n + 1. */
  private static final List<List<String>> MIGRATIONS =
      List.of(
          List.of(
              "CREATE TABLE operations ("
                  + " id TEXT PRIMARY KEY,"
                  + " kind TEXT NOT NULL,"
                  + " vm TEXT,"
                  + " hosts TEXT NOT NULL,"
                  + " started TEXT NOT NULL,"
                  + " machine TEXT NOT NULL,"
                  + " pid INTEGER NOT NULL,"
                  + " arguments TEXT NOT NULL,"
                  + " ended TEXT,"
                  + " outcome TEXT,"
                  + " total_time_ms INTEGER,"
                  + " downtime_ms INTEGER,"
                  + " ram_bytes INTEGER,"
                  + " device_state_bytes INTEGER,"
                  + " detail TEXT)",
              "CREATE INDEX operations_by_started ON operations (started)",
              "CREATE INDEX operations_by_vm ON operations (vm, started)",
              "CREATE INDEX operations_unfinished ON operations (started) WHERE ended IS NULL",
              "CREATE TABLE steps ("
                  + " id INTEGER PRIMARY KEY AUTOINCREMENT,"
                  + " operation TEXT NOT NULL REFERENCES operations (id),"
                  + " host TEXT NOT NULL,"
                  + " description TEXT NOT NULL,"
                  + " command TEXT NOT NULL,"
                  + " state TEXT NOT NULL,"
                  + " started TEXT NOT NULL,"
                  + " ended TEXT,"
                  + " detail TEXT)",
              "CREATE INDEX steps_by_operation ON steps (operation, id)",
              "CREATE TABLE samples ("
                  + " id INTEGER PRIMARY KEY AUTOINCREMENT,"
                  + " operation TEXT NOT NULL REFERENCES operations (id),"
                  + " at TEXT NOT NULL,"
                  + " elapsed_ms INTEGER NOT NULL,"
                  + " phase TEXT NOT NULL,"
                  + " bytes_done INTEGER NOT NULL,"
                  + " bytes_total INTEGER NOT NULL,"
                  + " device_state_bytes INTEGER NOT NULL,"
                  + " bytes_per_second INTEGER NOT NULL)",
              "CREATE INDEX samples_by_operation ON samples (operation, id)",
              "CREATE TABLE claims ("
                  + " id INTEGER PRIMARY KEY AUTOINCREMENT,"
                  + " operation TEXT NOT NULL REFERENCES operations (id),"
                  + " host TEXT NOT NULL,"
                  + " path TEXT NOT NULL,"
                  + " taken TEXT NOT NULL,"
                  + " released TEXT)",
              "CREATE INDEX claims_by_operation ON claims (operation, id)"),
          // 2: an operation may be part of another (an evacuation's migrations).
          List.of(
              "ALTER TABLE operations ADD COLUMN parent TEXT",
              "CREATE INDEX operations_by_parent ON operations (parent, started)"),
          // 3: what a migration report needs: each sample's pre-copy pass (NULL in older rows:
          // unknown), the downtime-limit steps and the prediction.
          List.of(
              "ALTER TABLE samples ADD COLUMN iteration INTEGER",
              "CREATE TABLE downtime_limits ("
                  + " id INTEGER PRIMARY KEY AUTOINCREMENT,"
                  + " operation TEXT NOT NULL REFERENCES operations (id),"
                  + " at TEXT NOT NULL,"
                  + " elapsed_ms INTEGER NOT NULL,"
                  + " iteration INTEGER NOT NULL,"
                  + " limit_ms INTEGER NOT NULL)",
              "CREATE INDEX downtime_limits_by_operation ON downtime_limits (operation, id)",
              "CREATE TABLE predictions ("
                  + " operation TEXT PRIMARY KEY REFERENCES operations (id),"
                  + " total_ms INTEGER NOT NULL,"
                  + " total_low_ms INTEGER NOT NULL,"
                  + " total_high_ms INTEGER NOT NULL,"
                  + " downtime_ms INTEGER NOT NULL,"
                  + " downtime_low_ms INTEGER NOT NULL,"
                  + " downtime_high_ms INTEGER NOT NULL,"
                  + " converges INTEGER NOT NULL,"
                  + " basis TEXT NOT NULL)"),
          // 4: the model's own figures beside the calibrated prediction (NULL in older rows), which
          // later predictions between the same hosts calibrate on.
          List.of(
              "ALTER TABLE predictions ADD COLUMN model_total_ms INTEGER",
              "ALTER TABLE predictions ADD COLUMN model_downtime_ms INTEGER"));

  private Schema() {}

  /** Brings the file to {@link SqliteJournal#SCHEMA_VERSION}; refuses a newer one. */
  static void createOrMigrate(Path file, Connection connection) throws SQLException {
    if (version(connection) == SqliteJournal.SCHEMA_VERSION) {
      return;
    }
    try (Statement s = connection.createStatement()) {
      // IMMEDIATE takes the write lock first, so two processes opening a new file one instant
      // apart do not both create the tables: the second waits, then sees the version.
      s.execute("BEGIN IMMEDIATE");
      try {
        int version = version(connection);
        if (version > SqliteJournal.SCHEMA_VERSION) {
          throw new JournalException(
              "The journal "
                  + file
                  + " has schema version "
                  + version
                  + ", written by a newer vfmigrate; this one knows version "
                  + SqliteJournal.SCHEMA_VERSION
                  + ".",
              "use the newer vfmigrate that wrote it.",
              null);
        }
        for (int v = version; v < SqliteJournal.SCHEMA_VERSION; v++) {
          for (String sql : MIGRATIONS.get(v)) {
            s.execute(sql);
          }
        }
        s.execute("PRAGMA user_version = " + SqliteJournal.SCHEMA_VERSION);
        s.execute("COMMIT");
      } catch (SQLException | RuntimeException e) {
        s.execute("ROLLBACK");
        throw e;
      }
    }
  }

  static int version(Connection connection) throws SQLException {
    return Integer.parseInt(SqliteJournal.queryString(connection, "PRAGMA user_version"));
  }
}
