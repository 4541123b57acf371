package io.vfmigrate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PrepareCommandTest {
  @TempDir Path home;
  private final ObjectMapper json = new ObjectMapper();

  @Test
  void prepareBothAttachAndTheLabShowsIt() throws Exception {
    assertThat(CliRun.run(home, "prepare", "--host", "src").exitCode).isZero();
    assertThat(CliRun.run(home, "prepare", "--host", "dst").exitCode).isZero();
    CliRun attach = CliRun.run(home, "attach", "vm1", "--host", "src");
    assertThat(attach.exitCode).as(attach.toString()).isZero();

    JsonNode lab = json.readTree(CliRun.run(home, "lab", "show", "--json").out);
    for (String host : new String[] {"src", "dst"}) {
      JsonNode h = lab.get("hosts").get(host);
      JsonNode nic = h.get("nics").get(0);
      assertThat(nic.get("eswitch").asText()).isEqualTo("switchdev");
      assertThat(nic.get("num_vfs").asInt()).isEqualTo(1);
      assertThat(nic.get("vfs").get(0).get("migratable").asBoolean()).isTrue();
      assertThat(h.get("services").get("openvswitch").asText()).isEqualTo("active");
      assertThat(h.get("ovs").get("other_config").get("hw-offload").asText()).isEqualTo("true");
      assertThat(h.get("ovs").get("other_config").get("max-idle").asText()).isEqualTo("300000");
      assertThat(h.get("ovs").get("bridges").get("br-vf").toString())
          .contains("enp225s0np0", "enp225s0npf0vf0");
    }
    JsonNode vm = lab.get("hosts").get("src").get("vms").get(0);
    assertThat(vm.get("interfaces").toString()).contains("hostdev", "0000:e1:00.1");

    JsonNode again = json.readTree(CliRun.run(home, "prepare", "--host", "src", "--json").out);
    assertThat(again.get("steps")).isEmpty();
  }

  @Test
  void rebootIsNeededAfterEnablingMigrationMode() throws Exception {
    Path desc = home.resolve("mode0.yaml");
    java.nio.file.Files.writeString(
        desc,
        new String(
                PrepareCommandTest.class.getResourceAsStream("/lab/default.yaml").readAllBytes(),
                java.nio.charset.StandardCharsets.UTF_8)
            .replaceFirst("(?s)(dst:.*?vf_migration_mode: )2", "$10"));
    assertThat(CliRun.run(home, "lab", "init", "--from", desc.toString()).exitCode).isZero();
    CliRun first = CliRun.run(home, "prepare", "--host", "dst", "--json");
    assertThat(first.exitCode).as(first.toString()).isEqualTo(3);
    assertThat(json.readTree(first.out).get("reboot_required").asBoolean()).isTrue();
    assertThat(CliRun.run(home, "lab", "reboot", "dst").exitCode).isZero();
    CliRun second = CliRun.run(home, "prepare", "--host", "dst");
    assertThat(second.exitCode).as(second.toString()).isZero();
  }

  @Test
  void refusalsAreExit3AndNothingChanges() {
    CliRun.run(home, "prepare", "--host", "src");
    CliRun.run(home, "attach", "vm1", "--host", "src", "--mac", "52:54:00:56:8c:f7");
    String before = state();
    CliRun dup = CliRun.run(home, "prepare", "--host", "src", "--vfs", "2");
    assertThat(dup.exitCode).as(dup.toString()).isEqualTo(3);
    assertThat(CliRun.run(home, "teardown", "--host", "src").exitCode).isEqualTo(3);
    assertThat(CliRun.run(home, "lab", "reboot", "src").exitCode).isEqualTo(3);
    CliRun usedMac =
        CliRun.run(home, "attach", "vm1", "--host", "dst", "--mac", "52:54:00:56:8c:f7");
    assertThat(usedMac.exitCode).isEqualTo(3);
    assertThat(state()).as("nothing changed").isEqualTo(before);
  }

  /** The lab's hosts as saved, less the counters that reading them moves (revision, clock). */
  private String state() {
    io.vfmigrate.lab.state.LabSpec spec = new io.vfmigrate.lab.LabStore(home).load();
    spec.revision = 0;
    spec.clockMs = 0;
    return io.vfmigrate.lab.LabStore.toYaml(spec);
  }

  @Test
  void aDryRunIsAPasteableRunbook() {
    CliRun r = CliRun.run(home, "prepare", "--host", "src", "--dry-run");
    assertThat(r.exitCode).isZero();
    assertThat(r.out)
        .contains("devlink dev eswitch set pci/0000:e1:00.0 mode switchdev\n")
        .contains("ovs-vsctl --may-exist add-port br-vf enp225s0npf0vf0\n");
  }

  @Test
  void badValuesAreExit2() {
    assertThat(CliRun.run(home, "prepare", "--host", "src", "--bridge", "br;rm").exitCode)
        .isEqualTo(2);
    assertThat(CliRun.run(home, "attach", "vm1", "--host", "src", "--vf", "e1:00.1").exitCode)
        .isEqualTo(2);
    assertThat(CliRun.run(home, "attach", "vm1", "--host", "src", "--mac", "zz").exitCode)
        .isEqualTo(2);
    assertThat(CliRun.run(home, "prepare", "--host", "src", "--vfs", "0").exitCode).isEqualTo(2);
  }
}
