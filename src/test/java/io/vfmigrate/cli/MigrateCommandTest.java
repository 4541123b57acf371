package io.vfmigrate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MigrateCommandTest {
  @TempDir Path home;
  private final ObjectMapper json = new ObjectMapper();

  @BeforeEach
  void prepareAndAttach() {
    assertThat(CliRun.run(home, "prepare", "--host", "src").exitCode).isZero();
    assertThat(CliRun.run(home, "prepare", "--host", "dst").exitCode).isZero();
    assertThat(CliRun.run(home, "attach", "vm1", "--host", "src").exitCode).isZero();
  }

  private JsonNode lastLine(String out) throws Exception {
    List<String> lines = out.lines().filter(l -> !l.isBlank()).toList();
    return json.readTree(lines.get(lines.size() - 1));
  }

  @Test
  void migrateJsonReportsTheResultAndVerifyPassesOnTheDestination() throws Exception {
    CliRun r = CliRun.run(home, "migrate", "vm1", "--from", "src", "--to", "dst", "--json");
    assertThat(r.exitCode).as(r.toString()).isZero();
    JsonNode result = lastLine(r.out);
    assertThat(result.get("outcome").asText()).isEqualTo("migrated");
    assertThat(result.get("device_state_bytes").asLong()).isEqualTo(330_000_000L);
    assertThat(result.get("ram_bytes").asLong()).isGreaterThanOrEqualTo(8L << 30);
    assertThat(result.get("downtime_ms").asLong())
        .isPositive()
        .isLessThan(result.get("total_time_ms").asLong());
    assertThat(result.get("verified").asBoolean()).isTrue();
    assertThat(result.get("verified_interface").asText()).isEqualTo("vf");
    assertThat(r.out.lines().filter(l -> l.contains("\"event\":\"progress\""))).isNotEmpty();

    CliRun verify = CliRun.run(home, "verify", "vm1");
    assertThat(verify.exitCode).as(verify.toString()).isZero();
    assertThat(verify.out).contains("0% packet loss");
    assertThat(verify.out).contains(": VF interface ");
    CliRun json = CliRun.run(home, "verify", "vm1", "--json");
    assertThat(
            new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(json.out)
                .get("checked")
                .asText())
        .isEqualTo("vf");
  }

  @Test
  void postcopyIsRefusedWithExit3() throws Exception {
    CliRun r =
        CliRun.run(home, "migrate", "vm1", "--from", "src", "--to", "dst", "--postcopy", "--json");
    assertThat(r.exitCode).as(r.toString()).isEqualTo(3);
    assertThat(lastLine(r.out).get("outcome").asText()).isEqualTo("refused");
    CliRun human =
        CliRun.run(home, "migrate", "vm1", "--from", "src", "--to", "dst", "--timeout-postcopy");
    assertThat(human.exitCode).isEqualTo(3);
    assertThat(human.out).contains("post-copy", "fix:", "Nothing was changed.");
  }

  @Test
  void aDryRunPrintsTheXmlAndTheCommand() {
    CliRun r = CliRun.run(home, "migrate", "vm1", "--from", "src", "--to", "dst", "--dry-run");
    assertThat(r.exitCode).as(r.toString()).isZero();
    assertThat(r.out).contains("Guards: all pass.", "<interface type", "virsh migrate --live");
  }

  @Test
  void verifyPassesOnTheSourceAndRefusesABadTarget() {
    CliRun r = CliRun.run(home, "verify", "vm1", "--host", "src", "--target", "192.168.3.1");
    assertThat(r.exitCode).as(r.toString()).isZero();
    assertThat(CliRun.run(home, "verify", "vm1", "--target", "not-an-ip").exitCode).isEqualTo(2);
  }
}
