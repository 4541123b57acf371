package io.vfmigrate.lab.tools.virsh;

import static org.assertj.core.api.Assertions.assertThat;

import io.vfmigrate.lab.tools.virsh.MigrationJson.QDict;
import io.vfmigrate.lab.tools.virsh.MigrationJson.Real;
import java.util.List;
import org.junit.jupiter.api.Test;

public class MigrationJsonTest {
  @Test
  void membersComeOutInQemusQdictBucketOrderAsInARealReply() {
    // Inserted in qapi/migration.json order; the real reply pasted in fc-nixos PR #1946 lists
    // blocked, expected-downtime, status, setup-time, total-time, ram.
    QDict info =
        new QDict()
            .put("status", "active")
            .put("ram", new QDict())
            .put("total-time", 10252L)
            .put("expected-downtime", 4000L)
            .put("setup-time", 2L)
            .put("blocked", false);

    assertThat(MigrationJson.compact(info))
        .isEqualTo(
            "{\"blocked\":false,\"expected-downtime\":4000,\"status\":\"active\",\"setup-time\":2,"
                + "\"total-time\":10252,\"ram\":{}}");
  }

  @Test
  void anErrorReplyPutsTheIdFirstAsQemuDoes() {
    QDict reply =
        new QDict()
            .put("error", new QDict().put("class", "CommandNotFound").put("desc", "x"))
            .put("id", "libvirt-5");

    assertThat(MigrationJson.compact(reply))
        .isEqualTo(
            "{\"id\":\"libvirt-5\",\"error\":{\"class\":\"CommandNotFound\",\"desc\":\"x\"}}");
  }

  @Test
  void bucketsAreTdbHashModulo512() {
    assertThat(MigrationJson.bucket("return")).isEqualTo(401);
    assertThat(MigrationJson.bucket("id")).isEqualTo(486);
    assertThat(MigrationJson.bucket("total")).isEqualTo(14);
    assertThat(MigrationJson.bucket("normal")).isEqualTo(505);
  }

  @Test
  void doublesArePrintedAsCPrintfPercentPoint17g() {
    assertThat(MigrationJson.formatG17(2684.35456)).isEqualTo("2684.3545600000002");
    assertThat(MigrationJson.formatG17(100000.0)).isEqualTo("100000");
    assertThat(MigrationJson.formatG17(0.18144)).isEqualTo("0.18143999999999999");
    assertThat(MigrationJson.formatG17(1e-5)).isEqualTo("1.0000000000000001e-05");
    assertThat(MigrationJson.formatG17(1e22)).isEqualTo("1e+22");
    assertThat(MigrationJson.formatG17(0)).isEqualTo("0");
    assertThat(MigrationJson.compact(new QDict().put("mbps", new Real(5.0))))
        .isEqualTo("{\"mbps\":5}");
  }

  @Test
  void prettyIsJsonCsSpacedFormWithTwoSpaceIndents() {
    QDict reply =
        new QDict()
            .put(
                "return",
                new QDict().put("blocked-reasons", List.of("a", "b")).put("x", new QDict()))
            .put("id", "libvirt-1");

    assertThat(MigrationJson.pretty(reply))
        .isEqualTo(
            "{\n"
                + "  \"return\": {\n"
                + "    \"x\": {\n"
                + "    },\n"
                + "    \"blocked-reasons\": [\n"
                + "      \"a\",\n"
                + "      \"b\"\n"
                + "    ]\n"
                + "  },\n"
                + "  \"id\": \"libvirt-1\"\n"
                + "}");
  }

  @Test
  void stringsAreEscaped() {
    assertThat(MigrationJson.compact(new QDict().put("desc", "a\"b\\c\n")))
        .isEqualTo("{\"desc\":\"a\\\"b\\\\c\\n\"}");
  }
}
