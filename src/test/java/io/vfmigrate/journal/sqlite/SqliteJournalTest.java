package io.vfmigrate.journal.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vfmigrate.workflow.journal.OperationEnd;
import io.vfmigrate.workflow.journal.OperationKind;
import io.vfmigrate.workflow.journal.OperationStart;
import io.vfmigrate.workflow.journal.StepState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What only the SQLite journal promises: its file, settings, ids and stored values. */
class SqliteJournalTest {
  private static final Instant T0 = Instant.parse("2026-12-03T07:44:55.123Z");

  @TempDir Path dir;

  private Path file() {
    return dir.resolve("journal.db");
  }

  private static OperationStart start(Instant at) {
    return new OperationStart(
        OperationKind.MIGRATE,
        Optional.of("vm1"),
        List.of("src", "dst"),
        at,
        "build-7",
        4242,
        "migrate vm1 --from src --to dst");
  }

  /** One row of one query, read with a connection of its own, as another process would. */
  private List<String> row(String sql) throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file());
        Statement s = c.createStatement();
        ResultSet r = s.executeQuery(sql)) {
      assertThat(r.next()).as(sql).isTrue();
      List<String> values = new ArrayList<>();
      for (int i = 1; i <= r.getMetaData().getColumnCount(); i++) {
        values.add(r.getString(i));
      }
      return values;
    }
  }

  private void execute(String sql) throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file());
        Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  @Test
  void writeAheadLogWithFullSyncAndABusyTimeout() throws Exception {
    try (SqliteJournal journal = SqliteJournal.open(file())) {
      assertThat(journal.pragma("journal_mode")).isEqualTo("wal");
      assertThat(journal.pragma("synchronous")).isEqualTo("2"); // FULL
      assertThat(Long.parseLong(journal.pragma("busy_timeout"))).isGreaterThanOrEqualTo(5000);
      assertThat(journal.pragma("foreign_keys")).isEqualTo("1");
    }
    assertThat(row("PRAGMA user_version")).containsExactly("4");
    assertThat(row("PRAGMA journal_mode")).containsExactly("wal");
  }

  @Test
  void theSchemaHasTheDocumentedTables() throws Exception {
    SqliteJournal.open(file()).close();
    assertThat(
            row(
                "SELECT group_concat(name, ' ') FROM"
                    + " (SELECT name FROM sqlite_master WHERE type = 'table'"
                    + " AND name NOT LIKE 'sqlite%' ORDER BY name)"))
        .containsExactly("claims downtime_limits operations predictions samples steps");
    assertThat(
            row(
                "SELECT group_concat(name, ' ') FROM"
                    + " (SELECT name FROM pragma_table_info('operations') ORDER BY cid)"))
        .containsExactly(
            "id kind vm hosts started machine pid arguments ended outcome total_time_ms"
                + " downtime_ms ram_bytes device_state_bytes detail parent");
  }

  @Test
  void aVersionOneJournalGainsTheParentColumnAndKeepsItsOperations() throws Exception {
    execute(
        "CREATE TABLE operations (id TEXT PRIMARY KEY, kind TEXT NOT NULL, vm TEXT,"
            + " hosts TEXT NOT NULL, started TEXT NOT NULL, machine TEXT NOT NULL,"
            + " pid INTEGER NOT NULL, arguments TEXT NOT NULL, ended TEXT, outcome TEXT,"
            + " total_time_ms INTEGER, downtime_ms INTEGER, ram_bytes INTEGER,"
            + " device_state_bytes INTEGER, detail TEXT)");
    execute(
        "CREATE TABLE steps (id INTEGER PRIMARY KEY AUTOINCREMENT, operation TEXT NOT NULL,"
            + " host TEXT NOT NULL, description TEXT NOT NULL, command TEXT NOT NULL,"
            + " state TEXT NOT NULL, started TEXT NOT NULL, ended TEXT, detail TEXT)");
    execute(
        "CREATE TABLE samples (id INTEGER PRIMARY KEY AUTOINCREMENT, operation TEXT NOT NULL,"
            + " at TEXT NOT NULL, elapsed_ms INTEGER NOT NULL, phase TEXT NOT NULL,"
            + " bytes_done INTEGER NOT NULL, bytes_total INTEGER NOT NULL,"
            + " device_state_bytes INTEGER NOT NULL, bytes_per_second INTEGER NOT NULL)");
    execute(
        "CREATE TABLE claims (id INTEGER PRIMARY KEY AUTOINCREMENT, operation TEXT NOT NULL,"
            + " host TEXT NOT NULL, path TEXT NOT NULL, taken TEXT NOT NULL, released TEXT)");
    execute(
        "INSERT INTO operations (id, kind, vm, hosts, started, machine, pid, arguments)"
            + " VALUES ('20261203-074455-000001', 'migrate', 'vm1', 'src,dst',"
            + " '2026-12-03T07:44:55.123Z', 'build-7', 42, 'migrate vm1')");
    execute("PRAGMA user_version = 1");

    try (SqliteJournal journal = SqliteJournal.open(file())) {
      assertThat(journal.operation("20261203-074455-000001").orElseThrow().parent()).isEmpty();
      String evacuation = journal.begin(start(T0));
      String child = journal.begin(start(T0.plusSeconds(1)).withParent(evacuation));
      assertThat(journal.children(evacuation)).extracting(r -> r.id()).containsExactly(child);
    }
    assertThat(row("PRAGMA user_version")).containsExactly("4");
  }

  @Test
  void aVersionTwoJournalKeepsItsSamplesWithTheirPassUnknown() throws Exception {
    String id;
    try (SqliteJournal journal = SqliteJournal.open(file())) {
      id = journal.begin(start(T0));
    }
    // Back to version 2 as an older vfmigrate left it: no pass column, no new tables.
    execute("DROP TABLE downtime_limits");
    execute("DROP TABLE predictions");
    execute("ALTER TABLE samples DROP COLUMN iteration");
    execute(
        "INSERT INTO samples (operation, at, elapsed_ms, phase, bytes_done, bytes_total,"
            + " device_state_bytes, bytes_per_second) VALUES ('"
            + id
            + "', '2026-12-03T07:44:56.123Z', 1000, 'active', 5, 10, 0, 1)");
    execute("PRAGMA user_version = 2");

    try (SqliteJournal journal = SqliteJournal.open(file())) {
      assertThat(journal.samples(id)).hasSize(1);
      assertThat(journal.samples(id).get(0).iteration()).isEmpty();
      assertThat(journal.downtimeLimits(id)).isEmpty();
      assertThat(journal.prediction(id)).isEmpty();
      journal.downtimeLimit(id, new io.vfmigrate.workflow.journal.DowntimeLimit(T0, 0, 0, 300));
      assertThat(journal.downtimeLimits(id)).hasSize(1);
    }
    assertThat(row("PRAGMA user_version")).containsExactly("4");
  }

  @Test
  void aVersionThreeJournalKeepsItsPredictionsWithoutTheModelsFigures() throws Exception {
    String id;
    try (SqliteJournal journal = SqliteJournal.open(file())) {
      id = journal.begin(start(T0));
    }
    // Back to version 3 as an older vfmigrate left it: a prediction without the model's figures.
    execute("ALTER TABLE predictions DROP COLUMN model_total_ms");
    execute("ALTER TABLE predictions DROP COLUMN model_downtime_ms");
    execute(
        "INSERT INTO predictions (operation, total_ms, total_low_ms, total_high_ms, downtime_ms,"
            + " downtime_low_ms, downtime_high_ms, converges, basis) VALUES ('"
            + id
            + "', 238, 238, 247, 5, 5, 8, 1, 'link assumed 100 Gbit/s')");
    execute("PRAGMA user_version = 3");

    try (SqliteJournal journal = SqliteJournal.open(file())) {
      assertThat(journal.prediction(id).orElseThrow())
          .isEqualTo(
              new io.vfmigrate.workflow.journal.PredictionRecord(
                  238, 238, 247, 5, 5, 8, true, "link assumed 100 Gbit/s"));
      io.vfmigrate.workflow.journal.PredictionRecord calibrated =
          new io.vfmigrate.workflow.journal.PredictionRecord(
              1523,
              1523,
              1532,
              111,
              111,
              114,
              true,
              "calibrated",
              Optional.of(new io.vfmigrate.workflow.journal.PredictionRecord.Model(238, 5)));
      journal.predicted(id, calibrated);
      assertThat(journal.prediction(id)).contains(calibrated);
    }
    assertThat(row("PRAGMA user_version")).containsExactly("4");
  }

  @Test
  void reopeningKeepsEverything() {
    String id;
    try (SqliteJournal journal = SqliteJournal.open(file())) {
      id = journal.begin(start(T0));
      journal.stepStarted(id, "src", "Transfer", "virsh migrate", T0);
    }
    try (SqliteJournal journal = SqliteJournal.open(file())) {
      assertThat(journal.operation(id)).isPresent();
      assertThat(journal.steps(id)).hasSize(1);
    }
  }

  @Test
  void idsAreUtcTimeAndSixHexDigits() {
    try (SqliteJournal journal = SqliteJournal.open(file())) {
      String id = journal.begin(start(T0));
      assertThat(id).matches("20261203-074455-[0-9a-f]{6}");
    }
  }

  @Test
  void anIdAlreadyTakenIsDrawnAgain() {
    AtomicInteger draws = new AtomicInteger();
    int[] suffixes = {0x3f9a, 0x3f9a, 0x3f9a, 0xbeef};
    try (SqliteJournal journal =
        SqliteJournal.open(file(), () -> suffixes[draws.getAndIncrement()])) {
      String first = journal.begin(start(T0));
      String second = journal.begin(start(T0.plusMillis(400)));
      assertThat(first).isEqualTo("20261203-074455-003f9a");
      assertThat(second).isEqualTo("20261203-074455-00beef");
      assertThat(draws.get()).isEqualTo(4);
    }
  }

  @Test
  void timesAreIsoUtcWithMillisecondsAndUnknownStatisticsNull() throws Exception {
    String id;
    try (SqliteJournal journal = SqliteJournal.open(file())) {
      id = journal.begin(start(Instant.parse("2026-12-03T07:44:55Z")));
      journal.end(
          id,
          new OperationEnd(
              "rolled-back",
              Instant.parse("2026-12-03T07:45:07.000987654Z"),
              Optional.of(12_000L),
              Optional.empty(),
              Optional.of(0L),
              Optional.empty(),
              "link cut"));
    }
    assertThat(
            row(
                "SELECT started, ended, total_time_ms, downtime_ms IS NULL, ram_bytes,"
                    + " device_state_bytes IS NULL, hosts FROM operations WHERE id = '"
                    + id
                    + "'"))
        .containsExactly(
            "2026-12-03T07:44:55.000Z",
            "2026-12-03T07:45:07.000Z",
            "12000",
            "1",
            "0",
            "1",
            "src,dst");
  }

  @Test
  void rowsOfAnUnknownOperationOrStepAreRefused() {
    try (SqliteJournal journal = SqliteJournal.open(file())) {
      assertThatThrownBy(() -> journal.stepStarted("nope", "src", "x", "true", T0))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("nope");
      assertThatThrownBy(() -> journal.claimTaken("nope", "src", "/run/x", T0))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> journal.stepEnded(999, StepState.DONE, T0, ""))
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void aJournalFromANewerVfmigrateIsNotTouched() throws Exception {
    SqliteJournal.open(file()).close();
    execute("PRAGMA user_version = 7");
    assertThatThrownBy(() -> SqliteJournal.open(file()))
        .isInstanceOf(JournalException.class)
        .hasMessageContaining("schema version 7")
        .satisfies(e -> assertThat(((JournalException) e).fix()).contains("newer vfmigrate"));
  }

  @Test
  void aFileThatIsNotADatabaseIsAClearError() throws Exception {
    Files.writeString(file(), "this is not SQLite, but it is long enough to have a header page.");
    assertThatThrownBy(() -> SqliteJournal.open(file()))
        .isInstanceOf(JournalException.class)
        .hasMessageContaining(file().toString())
        .satisfies(e -> assertThat(((JournalException) e).fix()).isNotBlank());
  }

  @Test
  void aMissingDirectoryIsAClearError() {
    Path missing = dir.resolve("no/such/dir/journal.db");
    assertThatThrownBy(() -> SqliteJournal.open(missing))
        .isInstanceOf(JournalException.class)
        .hasMessageContaining(missing.toString());
  }

  @Test
  void hostNamesWithCommasAreRefused() {
    try (SqliteJournal journal = SqliteJournal.open(file())) {
      OperationStart bad =
          new OperationStart(
              OperationKind.PREPARE, Optional.empty(), Arrays.asList("a,b"), T0, "m", 1, "");
      assertThatThrownBy(() -> journal.begin(bad)).isInstanceOf(IllegalArgumentException.class);
    }
  }
}
