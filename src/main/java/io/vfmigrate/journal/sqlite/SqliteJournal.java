package io.vfmigrate.journal.sqlite;

import io.vfmigrate.workflow.journal.ClaimRecord;
import io.vfmigrate.workflow.journal.DowntimeLimit;
import io.vfmigrate.workflow.journal.Journal;
import io.vfmigrate.workflow.journal.OperationEnd;
import io.vfmigrate.workflow.journal.OperationKind;
import io.vfmigrate.workflow.journal.OperationRecord;
import io.vfmigrate.workflow.journal.OperationStart;
import io.vfmigrate.workflow.journal.PredictionRecord;
import io.vfmigrate.workflow.journal.Sample;
import io.vfmigrate.workflow.journal.StepRecord;
import io.vfmigrate.workflow.journal.StepState;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import java.util.function.IntSupplier;

/**
 * The journal in one SQLite file, shared by every vfmigrate process on the machine.
 *
 * <p>Durability comes first: WAL with {@code synchronous=FULL}, so each write is on disk when the
 * call returns and survives kill -9 and power loss as far as SQLite can promise; every write is its
 * own transaction (autocommit), so nothing waits for a later commit. Several processes write at
 * once; SQLite serialises their writes and the busy timeout makes a writer wait instead of fail.
 *
 * <p>One connection per instance; calls are serialised on it.
 */
public final class SqliteJournal implements Journal, AutoCloseable {
  /** {@code PRAGMA user_version} of the schema this class creates and reads. */
  public static final int SCHEMA_VERSION = 4;

  /** How long a write waits for another process's write to finish before it fails. */
  static final Duration BUSY_TIMEOUT = Duration.ofSeconds(15);

  private static final int SQLITE_BUSY = 5;
  private static final int SQLITE_CONSTRAINT = 19;
  private static final int ID_ATTEMPTS = 64;

  private final Path file;
  private final Connection connection;
  private final IntSupplier idSuffixes;

  private SqliteJournal(Path file, Connection connection, IntSupplier idSuffixes) {
    this.file = file;
    this.connection = connection;
    this.idSuffixes = idSuffixes;
  }

  /**
   * Starts, on a thread of its own, what every {@link #open} waits for the first time in a process:
   * sqlite-jdbc unpacking and loading its native library, JDBC's driver registry and the random
   * source of operation ids. A command calls it first thing, so that this overlaps with reading its
   * inventory and asking its hosts instead of delaying the operation's start. Failures are left for
   * {@link #open} to report.
   */
  public static void warmUp() {
    Thread t =
        new Thread(
            () -> {
              try {
                // An in-memory database loads the driver and its native library through JDBC alone.
                DriverManager.getConnection("jdbc:sqlite::memory:").close();
                new SecureRandom().nextInt();
              } catch (Exception | LinkageError e) {
                // open() meets the same problem and says what it is.
              }
            },
            "vfmigrate-journal-warm-up");
    t.setDaemon(true);
    t.start();
  }

  /** Opens (creating when missing) the journal in {@code file}; its directory must exist. */
  public static SqliteJournal open(Path file) {
    SecureRandom random = new SecureRandom();
    return open(file, () -> random.nextInt(1 << 24));
  }

  /** With the random part of operation ids chosen by the caller (tests make them collide). */
  static SqliteJournal open(Path file, IntSupplier idSuffixes) {
    Path absolute = file.toAbsolutePath();
    if (absolute.toString().contains("?")) {
      // sqlite-jdbc reads everything after '?' in a file name as connection settings.
      throw new JournalException(
          "Cannot open the journal " + absolute + ": its path contains '?'.",
          "use a directory whose path has no '?'.",
          null);
    }
    Properties settings = new Properties();
    settings.setProperty("busy_timeout", Long.toString(BUSY_TIMEOUT.toMillis()));
    settings.setProperty("foreign_keys", "true");
    Connection connection;
    try {
      connection = DriverManager.getConnection("jdbc:sqlite:" + absolute, settings);
    } catch (SQLException e) {
      throw cannotOpen(absolute, e);
    }
    try {
      configure(absolute, connection);
      Schema.createOrMigrate(absolute, connection);
    } catch (SQLException e) {
      closeQuietly(connection);
      throw cannotOpen(absolute, e);
    } catch (RuntimeException e) {
      closeQuietly(connection);
      throw e;
    }
    return new SqliteJournal(absolute, connection, idSuffixes);
  }

  private static void configure(Path file, Connection connection) throws SQLException {
    String mode = writeAheadLog(connection);
    if (!"wal".equalsIgnoreCase(mode)) {
      throw new JournalException(
          "Cannot open the journal "
              + file
              + ": SQLite cannot use write-ahead logging there (journal mode "
              + mode
              + ").",
          "keep the journal on a local file system (not NFS or a read-only mount).",
          null);
    }
    try (Statement s = connection.createStatement()) {
      s.execute("PRAGMA synchronous=FULL");
    }
  }

  /**
   * Switches the file to WAL (a setting of the file, kept once made). Switching needs the file to
   * itself, and SQLite answers busy at once instead of waiting when another connection is opening
   * the same new file; so this retries until the busy timeout.
   */
  private static String writeAheadLog(Connection connection) throws SQLException {
    long deadline = System.nanoTime() + BUSY_TIMEOUT.toNanos();
    for (int attempt = 1; ; attempt++) {
      try {
        return queryString(connection, "PRAGMA journal_mode=WAL");
      } catch (SQLException e) {
        if (primaryCode(e) != SQLITE_BUSY || System.nanoTime() > deadline) {
          throw e;
        }
      }
      try {
        Thread.sleep(Math.min(100, 5L * attempt));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new SQLException("interrupted while waiting for the journal", e);
      }
    }
  }

  /** The database file. */
  public Path file() {
    return file;
  }

  @Override
  public synchronized String begin(OperationStart start) {
    for (String host : start.hosts()) {
      if (host.contains(",")) {
        throw new IllegalArgumentException("host name with a comma: " + host);
      }
    }
    String prefix = Times.idPrefix(start.started());
    for (int attempt = 0; attempt < ID_ATTEMPTS; attempt++) {
      String id =
          prefix + "-" + String.format(Locale.ROOT, "%06x", idSuffixes.getAsInt() & 0xffffff);
      // ON CONFLICT applies to the id only: an id taken by any process is tried again.
      int inserted =
          update(
              "record operation " + id,
              "INSERT INTO operations"
                  + " (id, kind, vm, hosts, started, machine, pid, arguments, parent)"
                  + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING",
              id,
              start.kind().label(),
              start.vm().orElse(null),
              String.join(",", start.hosts()),
              Times.format(start.started()),
              start.machine(),
              start.pid(),
              start.arguments(),
              start.parent().orElse(null));
      if (inserted == 1) {
        return id;
      }
    }
    throw new JournalException(
        "Cannot find a free operation id in the journal " + file + " for " + prefix + ".",
        "run the command again.",
        null);
  }

  @Override
  public synchronized long stepStarted(
      String operation, String host, String description, String command, Instant at) {
    return insert(
        "record step '" + description + "' of " + operation,
        operation,
        "INSERT INTO steps (operation, host, description, command, state, started)"
            + " VALUES (?, ?, ?, ?, ?, ?)",
        operation,
        host,
        description,
        command,
        StepState.RUNNING.label(),
        Times.format(at));
  }

  @Override
  public synchronized void stepEnded(long step, StepState state, Instant at, String detail) {
    int updated =
        update(
            "record the end of step " + step,
            "UPDATE steps SET state = ?, ended = ?, detail = ? WHERE id = ?",
            state.label(),
            Times.format(at),
            detail,
            step);
    if (updated == 0) {
      throw new IllegalArgumentException("no step " + step + " in " + file);
    }
  }

  @Override
  public synchronized void sample(String operation, Sample sample) {
    insert(
        "record a progress sample of " + operation,
        operation,
        "INSERT INTO samples (operation, at, elapsed_ms, phase, bytes_done, bytes_total,"
            + " device_state_bytes, bytes_per_second, iteration)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        operation,
        Times.format(sample.at()),
        sample.elapsedMs(),
        sample.phase(),
        sample.bytesDone(),
        sample.bytesTotal(),
        sample.deviceStateBytes(),
        sample.bytesPerSecond(),
        sample.iteration().orElse(null));
  }

  @Override
  public synchronized void downtimeLimit(String operation, DowntimeLimit limit) {
    insert(
        "record a downtime limit of " + operation,
        operation,
        "INSERT INTO downtime_limits (operation, at, elapsed_ms, iteration, limit_ms)"
            + " VALUES (?, ?, ?, ?, ?)",
        operation,
        Times.format(limit.at()),
        limit.elapsedMs(),
        limit.iteration(),
        limit.limitMs());
  }

  @Override
  public synchronized void predicted(String operation, PredictionRecord p) {
    insert(
        "record the prediction of " + operation,
        operation,
        "INSERT OR REPLACE INTO predictions (operation, total_ms, total_low_ms, total_high_ms,"
            + " downtime_ms, downtime_low_ms, downtime_high_ms, converges, basis,"
            + " model_total_ms, model_downtime_ms)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        operation,
        p.totalMs(),
        p.totalLowMs(),
        p.totalHighMs(),
        p.downtimeMs(),
        p.downtimeLowMs(),
        p.downtimeHighMs(),
        p.converges() ? 1 : 0,
        p.basis(),
        p.model().map(PredictionRecord.Model::totalMs).orElse(null),
        p.model().map(PredictionRecord.Model::downtimeMs).orElse(null));
  }

  @Override
  public synchronized List<DowntimeLimit> downtimeLimits(String operation) {
    return query(
        "read the downtime limits of " + operation,
        "SELECT * FROM downtime_limits WHERE operation = ? ORDER BY id",
        r ->
            new DowntimeLimit(
                Times.parse(r.getString("at")),
                r.getLong("elapsed_ms"),
                r.getLong("iteration"),
                r.getLong("limit_ms")),
        operation);
  }

  @Override
  public synchronized Optional<PredictionRecord> prediction(String operation) {
    return query(
            "read the prediction of " + operation,
            "SELECT * FROM predictions WHERE operation = ?",
            r ->
                new PredictionRecord(
                    r.getLong("total_ms"),
                    r.getLong("total_low_ms"),
                    r.getLong("total_high_ms"),
                    r.getLong("downtime_ms"),
                    r.getLong("downtime_low_ms"),
                    r.getLong("downtime_high_ms"),
                    r.getLong("converges") != 0,
                    r.getString("basis"),
                    model(r)),
            operation)
        .stream()
        .findFirst();
  }

  @Override
  public synchronized void claimTaken(String operation, String host, String path, Instant at) {
    insert(
        "record claim " + path + " on " + host,
        operation,
        "INSERT INTO claims (operation, host, path, taken) VALUES (?, ?, ?, ?)",
        operation,
        host,
        path,
        Times.format(at));
  }

  @Override
  public synchronized void claimReleased(String operation, String host, String path, Instant at) {
    update(
        "record the release of claim " + path + " on " + host,
        "UPDATE claims SET released = ?"
            + " WHERE operation = ? AND host = ? AND path = ? AND released IS NULL",
        Times.format(at),
        operation,
        host,
        path);
  }

  @Override
  public synchronized void end(String operation, OperationEnd end) {
    int updated =
        update(
            "record the end of " + operation,
            "UPDATE operations SET ended = ?, outcome = ?, total_time_ms = ?, downtime_ms = ?,"
                + " ram_bytes = ?, device_state_bytes = ?, detail = ? WHERE id = ?",
            Times.format(end.ended()),
            end.outcome(),
            end.totalTimeMs().orElse(null),
            end.downtimeMs().orElse(null),
            end.ramBytes().orElse(null),
            end.deviceStateBytes().orElse(null),
            end.detail(),
            operation);
    if (updated == 0) {
      throw new IllegalArgumentException("no operation " + operation);
    }
  }

  @Override
  public synchronized List<OperationRecord> operations(
      Optional<String> vm, Optional<String> host, int limit) {
    if (limit < 0) {
      throw new IllegalArgumentException("negative limit " + limit);
    }
    // Host names cannot contain commas (checked in begin), so ",src," finds src in ",src,dst,".
    return query(
        "list operations",
        "SELECT * FROM operations WHERE (?1 IS NULL OR vm = ?1)"
            + " AND (?2 IS NULL OR instr(',' || hosts || ',', ',' || ?2 || ',') > 0)"
            + " ORDER BY started DESC, rowid DESC LIMIT ?3",
        SqliteJournal::operation,
        vm.orElse(null),
        host.orElse(null),
        limit);
  }

  @Override
  public synchronized Optional<OperationRecord> operation(String id) {
    return query(
            "read operation " + id,
            "SELECT * FROM operations WHERE id = ?",
            SqliteJournal::operation,
            id)
        .stream()
        .findFirst();
  }

  @Override
  public synchronized List<StepRecord> steps(String operation) {
    return query(
        "read the steps of " + operation,
        "SELECT * FROM steps WHERE operation = ? ORDER BY id",
        SqliteJournal::step,
        operation);
  }

  @Override
  public synchronized List<Sample> samples(String operation) {
    return query(
        "read the samples of " + operation,
        "SELECT * FROM samples WHERE operation = ? ORDER BY id",
        SqliteJournal::sample,
        operation);
  }

  @Override
  public synchronized List<ClaimRecord> claims(String operation) {
    return query(
        "read the claims of " + operation,
        "SELECT * FROM claims WHERE operation = ? ORDER BY id",
        SqliteJournal::claim,
        operation);
  }

  @Override
  public synchronized List<OperationRecord> children(String parent) {
    return query(
        "list the operations of " + parent,
        "SELECT * FROM operations WHERE parent = ? ORDER BY started, rowid",
        SqliteJournal::operation,
        parent);
  }

  @Override
  public synchronized List<OperationRecord> unfinished() {
    return query(
        "list unfinished operations",
        "SELECT * FROM operations WHERE ended IS NULL ORDER BY started, rowid",
        SqliteJournal::operation);
  }

  /**
   * A setting of this journal's own connection (synchronous and busy_timeout are per connection).
   */
  synchronized String pragma(String name) {
    try {
      return queryString(connection, "PRAGMA " + name);
    } catch (SQLException e) {
      throw failure("read " + name, e);
    }
  }

  @Override
  public synchronized void close() {
    try {
      connection.close();
    } catch (SQLException e) {
      throw failure("close", e);
    }
  }

  private static OperationRecord operation(ResultSet r) throws SQLException {
    Optional<OperationEnd> end = Optional.empty();
    String ended = r.getString("ended");
    if (ended != null) {
      end =
          Optional.of(
              new OperationEnd(
                  r.getString("outcome"),
                  Times.parse(ended),
                  optionalLong(r, "total_time_ms"),
                  optionalLong(r, "downtime_ms"),
                  optionalLong(r, "ram_bytes"),
                  optionalLong(r, "device_state_bytes"),
                  nonNull(r.getString("detail"))));
    }
    String hosts = r.getString("hosts");
    return new OperationRecord(
        r.getString("id"),
        OperationKind.ofLabel(r.getString("kind")),
        Optional.ofNullable(r.getString("vm")),
        hosts.isEmpty() ? List.of() : Arrays.asList(hosts.split(",", -1)),
        Times.parse(r.getString("started")),
        r.getString("machine"),
        r.getLong("pid"),
        r.getString("arguments"),
        end,
        Optional.ofNullable(r.getString("parent")));
  }

  private static StepRecord step(ResultSet r) throws SQLException {
    String ended = r.getString("ended");
    return new StepRecord(
        r.getLong("id"),
        r.getString("operation"),
        r.getString("host"),
        r.getString("description"),
        r.getString("command"),
        StepState.ofLabel(r.getString("state")),
        Times.parse(r.getString("started")),
        Optional.ofNullable(ended).map(Times::parse),
        nonNull(r.getString("detail")));
  }

  private static Sample sample(ResultSet r) throws SQLException {
    return new Sample(
        Times.parse(r.getString("at")),
        r.getLong("elapsed_ms"),
        r.getString("phase"),
        r.getLong("bytes_done"),
        r.getLong("bytes_total"),
        r.getLong("device_state_bytes"),
        r.getLong("bytes_per_second"),
        optionalLong(r, "iteration"));
  }

  private static ClaimRecord claim(ResultSet r) throws SQLException {
    return new ClaimRecord(
        r.getString("operation"),
        r.getString("host"),
        r.getString("path"),
        Times.parse(r.getString("taken")),
        Optional.ofNullable(r.getString("released")).map(Times::parse));
  }

  /** A prediction row's model figures; empty in rows journaled before they were kept. */
  private static Optional<PredictionRecord.Model> model(ResultSet r) throws SQLException {
    Optional<Long> total = optionalLong(r, "model_total_ms");
    Optional<Long> downtime = optionalLong(r, "model_downtime_ms");
    return total.isPresent() && downtime.isPresent()
        ? Optional.of(new PredictionRecord.Model(total.get(), downtime.get()))
        : Optional.empty();
  }

  private static Optional<Long> optionalLong(ResultSet r, String column) throws SQLException {
    long value = r.getLong(column);
    return r.wasNull() ? Optional.empty() : Optional.of(value);
  }

  private static String nonNull(String s) {
    return s == null ? "" : s;
  }

  private interface Row<T> {
    T read(ResultSet r) throws SQLException;
  }

  private <T> List<T> query(String what, String sql, Row<T> row, Object... parameters) {
    try (PreparedStatement s = connection.prepareStatement(sql)) {
      bind(s, parameters);
      List<T> out = new ArrayList<>();
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          out.add(row.read(r));
        }
      }
      return out;
    } catch (SQLException e) {
      throw failure(what, e);
    }
  }

  private int update(String what, String sql, Object... parameters) {
    try (PreparedStatement s = connection.prepareStatement(sql)) {
      bind(s, parameters);
      return s.executeUpdate();
    } catch (SQLException e) {
      throw failure(what, e);
    }
  }

  /** An insert of a row that belongs to {@code operation}; returns the new row's id. */
  private long insert(String what, String operation, String sql, Object... parameters) {
    try (PreparedStatement s = connection.prepareStatement(sql)) {
      bind(s, parameters);
      s.executeUpdate();
      // Same connection and calls are serialised, so this is the row just inserted.
      return Long.parseLong(queryString(connection, "SELECT last_insert_rowid()"));
    } catch (SQLException e) {
      if (primaryCode(e) == SQLITE_CONSTRAINT) {
        // The only constraint these inserts can break is the reference to their operation.
        throw new IllegalArgumentException("no operation " + operation + " in " + file, e);
      }
      throw failure(what, e);
    }
  }

  private static void bind(PreparedStatement s, Object... parameters) throws SQLException {
    for (int i = 0; i < parameters.length; i++) {
      Object p = parameters[i];
      if (p == null) {
        s.setNull(i + 1, Types.NULL);
      } else if (p instanceof Long l) {
        s.setLong(i + 1, l);
      } else if (p instanceof Integer n) {
        s.setInt(i + 1, n);
      } else {
        s.setString(i + 1, (String) p);
      }
    }
  }

  static String queryString(Connection connection, String sql) throws SQLException {
    try (Statement s = connection.createStatement();
        ResultSet r = s.executeQuery(sql)) {
      return r.next() ? r.getString(1) : null;
    }
  }

  private JournalException failure(String what, SQLException e) {
    String fix =
        primaryCode(e) == SQLITE_BUSY
            ? "another vfmigrate process held the journal for more than "
                + BUSY_TIMEOUT.toSeconds()
                + " s; run the command again."
            : "make sure "
                + file.getParent()
                + " is writable by this user and its file system has free space.";
    return new JournalException(
        "Cannot " + what + " in the journal " + file + ": " + e.getMessage(), fix, e);
  }

  private static JournalException cannotOpen(Path file, SQLException e) {
    return new JournalException(
        "Cannot open the journal " + file + ": " + e.getMessage(),
        "make sure "
            + file.getParent()
            + " is a writable directory on a local file system and "
            + file.getFileName()
            + " is an SQLite database written by vfmigrate.",
        e);
  }

  /** SQLite's primary result code; the driver may report an extended one. */
  static int primaryCode(SQLException e) {
    return e.getErrorCode() & 0xff;
  }

  private static void closeQuietly(Connection connection) {
    try {
      connection.close();
    } catch (SQLException e) {
      // Opening already failed with a better reason.
    }
  }
}
