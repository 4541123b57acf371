package io.vfmigrate.journal.sqlite;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/**
 * Instants as the journal stores them: ISO-8601 in UTC with exactly three decimals, so that text
 * order is time order and {@code sqlite3 journal.db} shows readable times.
 */
final class Times {
  private static final DateTimeFormatter FORMAT =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter ID_TIME =
      DateTimeFormatter.ofPattern("uuuuMMdd-HHmmss").withZone(ZoneOffset.UTC);

  private Times() {}

  static String format(Instant at) {
    return FORMAT.format(at.truncatedTo(ChronoUnit.MILLIS));
  }

  static Instant parse(String text) {
    return Instant.parse(text);
  }

  /** The time part of an operation id: {@code 20261203-074455}. */
  static String idPrefix(Instant at) {
    return ID_TIME.format(at);
  }
}
