package io.vfmigrate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code report} and {@code migrate --report} on the lab, from the journal they wrote. */
class ReportCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path home;
  @TempDir Path out;

  private CliRun ok(String... args) {
    CliRun r = CliRun.run(home, args);
    assertThat(r.exitCode).as(r.toString()).isZero();
    return r;
  }

  private static List<String> fields(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }

  @Test
  void aMigrationWritesItsReportAndReportReadsItBack() throws Exception {
    ok("prepare", "--host", "src");
    ok("prepare", "--host", "dst");
    ok("attach", "vm1", "--host", "src");
    Path page = out.resolve("vm1.html");
    CliRun migrate =
        ok("migrate", "vm1", "--from", "src", "--to", "dst", "--report", page.toString());
    assertThat(migrate.out).contains("report: " + page.toAbsolutePath());
    assertThat(Files.readString(page))
        .contains("<title>Migration of vm1 from src to dst</title>", "class=\"s-ram\"", "passed");

    String id =
        JSON.readTree(ok("history", "--json").out).get("operations").get(0).get("id").asText();
    JsonNode report = JSON.readTree(ok("report", id, "--json").out);
    assertThat(fields(report))
        .containsExactly(
            "id",
            "kind",
            "vm",
            "hosts",
            "started",
            "ended",
            "outcome",
            "detail",
            "total_time_ms",
            "migrations",
            "evacuation",
            "unknown");
    JsonNode m = report.get("migrations").get(0);
    assertThat(fields(m))
        .containsExactly(
            "id",
            "vm",
            "source",
            "destination",
            "outcome",
            "started",
            "ended",
            "detail",
            "total_time_ms",
            "downtime_ms",
            "switchover_ms",
            "ram_bytes",
            "device_state_bytes",
            "samples",
            "passes",
            "downtime_limits",
            "verify",
            "prediction",
            "steps",
            "unknown");
    assertThat(m.get("outcome").asText()).isEqualTo("migrated");
    assertThat(m.get("downtime_ms").asLong()).isPositive();
    assertThat(m.get("samples").size()).isPositive();
    assertThat(m.get("samples").get(m.get("samples").size() - 1).get("iteration").asLong())
        .isPositive();
    assertThat(m.get("downtime_limits").get(0).get("limit_ms").asLong()).isEqualTo(300);
    assertThat(m.get("verify").get("state").asText()).isEqualTo("passed");
    assertThat(m.get("prediction").get("total_ms").asLong()).isPositive();

    CliRun plain = ok("report", id);
    Path written = home.resolve("reports").resolve(id + ".html");
    assertThat(plain.out.strip()).isEqualTo(written.toAbsolutePath().toString());
    assertThat(Files.readString(written)).contains("<svg");
    assertThat(ok("report", id, "--html", "-").out).startsWith("<!DOCTYPE html>");
  }

  @Test
  void anUnknownOrInvalidIdIsExit2WithTheFix() {
    CliRun unknown = CliRun.run(home, "report", "20261203-074455-000000");
    assertThat(unknown.exitCode).as(unknown.toString()).isEqualTo(2);
    assertThat(unknown.err).contains("No operation 20261203-074455-000000", "vfmigrate history");

    CliRun invalid = CliRun.run(home, "report", "../etc/passwd");
    assertThat(invalid.exitCode).isEqualTo(2);
    assertThat(invalid.err).contains("Invalid operation id");
  }

  @Test
  void migrateRefusesAReportItCouldNotWriteBeforeAnythingMoves() {
    CliRun dry =
        CliRun.run(
            home,
            "migrate",
            "vm1",
            "--from",
            "src",
            "--to",
            "dst",
            "--dry-run",
            "--report",
            "x.html");
    assertThat(dry.exitCode).isEqualTo(2);
    assertThat(dry.err).contains("dry run is not journaled");
    CliRun nowhere =
        CliRun.run(
            home,
            "migrate",
            "vm1",
            "--from",
            "src",
            "--to",
            "dst",
            "--report",
            out.resolve("missing/dir/r.html").toString());
    assertThat(nowhere.exitCode).isEqualTo(2);
    assertThat(nowhere.err).contains("not a directory this user can write");
  }
}
