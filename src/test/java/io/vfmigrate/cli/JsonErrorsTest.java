package io.vfmigrate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every outcome of a command given {@code --json} is a JSON object on stdout, errors included. */
class JsonErrorsTest {
  @TempDir Path home;
  private final ObjectMapper json = new ObjectMapper();

  /** The error object, checked against the exit code; stderr keeps the human message. */
  private JsonNode error(CliRun r, int code, String kind) throws Exception {
    assertThat(r.exitCode).as(r.toString()).isEqualTo(code);
    assertThat(r.out.lines().filter(l -> !l.isBlank()).count())
        .as("one JSON line on stdout: " + r)
        .isEqualTo(1);
    JsonNode error = json.readTree(r.out).get("error");
    assertThat(error).as(r.toString()).isNotNull();
    assertThat(error.get("code").asInt()).isEqualTo(code);
    assertThat(error.get("kind").asText()).isEqualTo(kind);
    assertThat(error.get("message").asText()).isNotBlank();
    assertThat(error.has("fix")).isTrue();
    assertThat(r.err).contains("error: " + error.get("message").asText());
    return error;
  }

  @Test
  void aUsageErrorOfACommandGivenJsonIsAUsageError() throws Exception {
    JsonNode e = error(CliRun.run(home, "prepare", "--json"), 2, "usage");
    assertThat(e.get("message").asText()).contains("Missing required option");
    assertThat(e.get("fix").asText()).contains("vfmigrate prepare --help");

    JsonNode typo = error(CliRun.run(home, "check", "--jsn", "--json"), 2, "usage");
    assertThat(typo.get("message").asText()).contains("--jsn");
  }

  @Test
  void anUnknownHostIsAUsageError() throws Exception {
    JsonNode e = error(CliRun.run(home, "attach", "vm1", "--host", "nosuch", "--json"), 2, "usage");
    assertThat(e.get("message").asText()).contains("Unknown host 'nosuch'");
    assertThat(e.get("fix").asText()).contains("src", "dst");
    error(CliRun.run(home, "check", "--host", "nosuch", "--json"), 2, "usage");
  }

  @Test
  void aRefusedTeardownAndARefusedAttachAreNotReady() throws Exception {
    assertThat(CliRun.run(home, "prepare", "--host", "src").exitCode).isZero();
    CliRun attached = CliRun.run(home, "attach", "vm1", "--host", "src", "--json");
    String vf = json.readTree(attached.out).get("vf").asText();

    JsonNode teardown =
        error(CliRun.run(home, "teardown", "--host", "src", "--json"), 3, "not-ready");
    assertThat(teardown.get("message").asText()).contains("vm1 uses VF " + vf);
    assertThat(teardown.get("fix").asText()).contains("vfmigrate migrate vm1");

    JsonNode attach =
        error(
            CliRun.run(home, "attach", "vm1", "--host", "src", "--vf", vf, "--json"),
            3,
            "not-ready");
    assertThat(attach.get("message").asText()).contains(vf);
  }

  @Test
  void aFailedStepThatWasUndoneIsRolledBack() throws Exception {
    String lab =
        new String(
                JsonErrorsTest.class.getResourceAsStream("/lab/default.yaml").readAllBytes(),
                StandardCharsets.UTF_8)
            .replaceFirst(
                "(services: \\{libvirtd: active, openvswitch: inactive}\n)",
                "$1    faults:\n"
                    + "      - {command: \"ovs-vsctl --may-exist add-br br-vf\", exit_code: 1,"
                    + " stderr: \"ovs-vsctl: cannot create a bridge\"}\n");
    Path description = Files.writeString(home.resolve("faulty.yaml"), lab);
    assertThat(CliRun.run(home, "lab", "init", "--from", description.toString()).exitCode).isZero();

    JsonNode e = error(CliRun.run(home, "prepare", "--host", "src", "--json"), 4, "rolled-back");
    assertThat(e.get("message").asText()).contains("cannot create a bridge");
  }

  @Test
  void aJournalThatCannotBeOpenedNeedsAttention(@TempDir Path dir) throws Exception {
    Path notADirectory = Files.writeString(dir.resolve("home"), "a file");
    JsonNode e = error(CliRun.run(notADirectory, "history", "--json"), 5, "needs-attention");
    assertThat(e.get("fix").asText()).contains("VFMIGRATE_HOME");
  }

  @Test
  void withoutJsonStdoutStaysEmptyAndStderrIsUnchanged() {
    assertThat(CliRun.run(home, "lab", "init").exitCode).isZero();
    CliRun r = CliRun.run(home, "attach", "vm1", "--host", "nosuch");
    assertThat(r.exitCode).isEqualTo(2);
    assertThat(r.out).isEmpty();
    assertThat(r.err).isEqualTo("error: Unknown host 'nosuch'.\nfix: use one of: src, dst.\n");
  }
}
