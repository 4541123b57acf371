package io.vfmigrate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The JSON of attach, verify, teardown and lab show has exactly the fields README.md documents. */
class JsonShapesTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path home;

  private JsonNode json(String... args) throws Exception {
    CliRun r = CliRun.run(home, args);
    assertThat(r.exitCode).as(r.toString()).isZero();
    return JSON.readTree(r.out);
  }

  private static List<String> fields(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }

  @Test
  void attachVerifyTeardownAndLabShowPrintTheDocumentedFields() throws Exception {
    assertThat(CliRun.run(home, "prepare", "--host", "src").exitCode).isZero();

    JsonNode attach = json("attach", "vm1", "--host", "src", "--dry-run", "--json");
    assertThat(fields(attach))
        .containsExactly(
            "vm", "host", "vf", "mac", "interface_xml", "command", "applied", "warnings");
    assertThat(attach.get("applied").asBoolean()).isFalse();
    assertThat(attach.get("interface_xml").asText()).contains("<interface type='hostdev'");

    assertThat(CliRun.run(home, "attach", "vm1", "--host", "src").exitCode).isZero();
    JsonNode verify = json("verify", "vm1", "--json");
    assertThat(fields(verify))
        .containsExactly(
            "vm",
            "host",
            "ok",
            "mac",
            "interface",
            "checked",
            "ipv4",
            "target",
            "packet_loss_percent",
            "problems");
    assertThat(verify.get("checked").asText()).isEqualTo("vf");

    JsonNode teardown = json("teardown", "--host", "dst", "--dry-run", "--json");
    assertThat(fields(teardown))
        .containsExactly("host", "steps", "applied", "reboot_required", "notes");
    JsonNode prepare = json("prepare", "--host", "dst", "--dry-run", "--json");
    assertThat(fields(prepare)).isEqualTo(fields(teardown));
    assertThat(fields(prepare.get("steps").get(0))).containsExactly("description", "command");

    JsonNode lab = json("lab", "show", "--json");
    assertThat(fields(lab))
        .containsExactly("revision", "link", "vf_peer", "clock_ms", "hosts", "migrations");
    assertThat(fields(lab.get("hosts").get("src")))
        .contains("address", "os", "kernel", "nics", "vms", "ovs", "packages", "services");
  }
}
