package io.vfmigrate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckCommandTest {
  @TempDir Path home;

  private static String scenario(String name) throws URISyntaxException {
    return Path.of(CheckCommandTest.class.getResource("/scenarios/" + name).toURI()).toString();
  }

  private static List<String> failing(JsonNode doc, String host) {
    List<String> ids = new ArrayList<>();
    for (JsonNode f : doc.get("findings")) {
      if ("fail".equals(f.get("status").asText()) && f.get("host").asText().equals(host)) {
        assertThat(f.get("fix").asText()).as(f.toString()).isNotBlank();
        ids.add(f.get("id").asText());
      }
    }
    return ids;
  }

  @Test
  void theDefaultLabPassesWithWarnings() {
    CliRun r = CliRun.run(home, "check");
    assertThat(r.exitCode).as(r.toString()).isZero();
    assertThat(r.out).contains("Host src", "Host dst", "Across src and dst", "0 failed: ready");
    assertThat(r.out).contains("fix: update the ConnectX-7 firmware");
  }

  @Test
  void jsonHasTheDocumentedShape() throws Exception {
    CliRun r = CliRun.run(home, "check", "--json", "--host", "src", "--vm", "vm1");
    assertThat(r.exitCode).as(r.toString()).isZero();
    JsonNode doc = new ObjectMapper().readTree(r.out);
    assertThat(doc.get("ok").asBoolean()).isTrue();
    JsonNode first = doc.get("findings").get(0);
    assertThat(
            first.has("id")
                && first.has("host")
                && first.has("status")
                && first.has("detail")
                && first.has("fix"))
        .isTrue();
  }

  @Test
  void aDestinationWithOldFirmwareAndAnotherPsidIsNotReady() throws Exception {
    assertThat(
            CliRun.run(home, "lab", "init", "--from", scenario("dst-old-firmware.yaml")).exitCode)
        .isZero();
    CliRun r = CliRun.run(home, "check", "--json");
    assertThat(r.exitCode).as(r.toString()).isEqualTo(3);
    JsonNode doc = new ObjectMapper().readTree(r.out);
    assertThat(doc.get("ok").asBoolean()).isFalse();
    assertThat(failing(doc, "dst")).containsExactly("firmware-version");
    assertThat(failing(doc, "src,dst")).containsExactlyInAnyOrder("firmware-match", "psid-match");
  }

  @Test
  void aHostWithoutMstflintFailsThatCheckAndReportsEveryOther() throws Exception {
    CliRun.run(home, "lab", "init", "--from", scenario("src-without-mstflint.yaml"));
    CliRun r = CliRun.run(home, "check", "--json");
    assertThat(r.exitCode).as(r.toString()).isEqualTo(3);
    JsonNode doc = new ObjectMapper().readTree(r.out);
    assertThat(failing(doc, "src")).contains("mstflint-installed");
    List<String> srcFindings = new ArrayList<>();
    for (JsonNode f : doc.get("findings")) {
      if (f.get("host").asText().equals("src")) {
        srcFindings.add(f.get("id").asText());
      }
    }
    assertThat(srcFindings).hasSize(13).contains("stale-claims");
  }

  @Test
  void invalidInputIsExit2WithWhatIsAccepted() {
    CliRun r = CliRun.run(home, "check", "--host", "src;reboot");
    assertThat(r.exitCode).isEqualTo(2);
    assertThat(r.err).contains("Invalid host name", "fix:");
    assertThat(CliRun.run(home, "check", "--host", "nosuch").exitCode).isEqualTo(2);
    assertThat(CliRun.run(home, "check", "--vm", "-rf").exitCode).isEqualTo(2);
    assertThat(CliRun.run(home, "check", "--bogus").exitCode).isEqualTo(2);
    assertThat(CliRun.run(home, "lab", "init", "--from", "/nonexistent.yaml").exitCode)
        .isEqualTo(2);
  }
}
