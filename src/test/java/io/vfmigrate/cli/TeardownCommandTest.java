package io.vfmigrate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code teardown} through the CLI: it undoes {@code prepare}, and its options do what they say.
 */
class TeardownCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path home;

  private String unprepared;

  @BeforeEach
  void prepareSrc() {
    assertThat(CliRun.run(home, "lab", "init").exitCode).isZero();
    unprepared = host("src");
    CliRun prepare = CliRun.run(home, "prepare", "--host", "src", "--vfs", "2");
    assertThat(prepare.exitCode).as(prepare.toString()).isZero();
    assertThat(host("src")).isNotEqualTo(unprepared);
  }

  /** One host of the lab as {@code lab show --json} shows it, less its domains' UUIDs. */
  private String host(String name) {
    CliRun show = CliRun.run(home, "lab", "show", "--json");
    assertThat(show.exitCode).as(show.toString()).isZero();
    try {
      JsonNode host = JSON.readTree(show.out).get("hosts").get(name);
      // A domain's UUID is the lab's to give when a tool first asks for it, not a change.
      host.get("vms")
          .forEach(vm -> ((com.fasterxml.jackson.databind.node.ObjectNode) vm).remove("uuid"));
      return host.toPrettyString();
    } catch (java.io.IOException e) {
      throw new AssertionError(show.toString(), e);
    }
  }

  private static List<String> commands(JsonNode result) {
    List<String> out = new ArrayList<>();
    result.get("steps").forEach(s -> out.add(s.get("command").asText()));
    return out;
  }

  @Test
  void teardownUndoesPrepareAndASecondRunHasNothingToDo() throws Exception {
    CliRun r = CliRun.run(home, "teardown", "--host", "src");

    assertThat(r.exitCode).as(r.toString()).isZero();
    assertThat(r.out).containsPattern("src: \\d+ steps applied\\.");
    assertThat(host("src")).as("the host as before prepare").isEqualTo(unprepared);

    CliRun again = CliRun.run(home, "teardown", "--host", "src");
    assertThat(again.exitCode).as(again.toString()).isZero();
    assertThat(again.out).contains("src: nothing to do; the host is already in the wanted state.");
    JsonNode json = JSON.readTree(CliRun.run(home, "teardown", "--host", "src", "--json").out);
    assertThat(json.get("steps")).isEmpty();
  }

  @Test
  void aDryRunPrintsTheRunbookInReverseOrderAndChangesNothing() throws Exception {
    String before = host("src");

    CliRun r = CliRun.run(home, "teardown", "--host", "src", "--dry-run");

    assertThat(r.exitCode).as(r.toString()).isZero();
    assertThat(host("src")).as("nothing changed").isEqualTo(before);
    List<String> lines = r.out.lines().toList();
    assertThat(lines.get(0)).matches("# vfmigrate teardown --host src: \\d+ steps");
    String runbook = r.out;
    // Reverse order of prepare: the ports come off the bridge before the VFs go, and the
    // eswitch returns to legacy after the VFs are gone (0 VFs).
    int port = runbook.indexOf("ovs-vsctl --if-exists del-port br-vf enp225s0npf0vf0");
    int noVfs = runbook.indexOf("sriov_numvfs");
    int legacy = runbook.indexOf("devlink dev eswitch set pci/0000:e1:00.0 mode legacy");
    assertThat(port).as(runbook).isNotNegative();
    assertThat(noVfs).as(runbook).isGreaterThan(port);
    assertThat(legacy).as(runbook).isGreaterThan(noVfs);
    for (String vf : new String[] {"0000:e1:00.1", "0000:e1:00.2"}) {
      assertThat(runbook).as("each VF back to its host driver").contains(vf);
    }

    JsonNode json =
        JSON.readTree(CliRun.run(home, "teardown", "--host", "src", "--dry-run", "--json").out);
    assertThat(json.get("host").asText()).isEqualTo("src");
    assertThat(json.get("applied").asBoolean()).isFalse();
    assertThat(json.get("reboot_required").asBoolean()).isFalse();
    // The runbook's commands are the JSON's, one to one and in the same order.
    List<String> printed = lines.stream().filter(l -> !l.startsWith("#")).toList();
    assertThat(printed).isEqualTo(commands(json));
    assertThat(host("src")).as("nothing changed").isEqualTo(before);
  }

  @Test
  void jsonReportsWhatWasUndoneAndApplied() throws Exception {
    JsonNode planned =
        JSON.readTree(CliRun.run(home, "teardown", "--host", "src", "--dry-run", "--json").out);

    CliRun r = CliRun.run(home, "teardown", "--host", "src", "--json");

    assertThat(r.exitCode).as(r.toString()).isZero();
    JsonNode done = JSON.readTree(r.out);
    assertThat(done.get("host").asText()).isEqualTo("src");
    assertThat(done.get("applied").asBoolean()).isTrue();
    assertThat(done.get("reboot_required").asBoolean()).isFalse();
    assertThat(commands(done)).isNotEmpty().isEqualTo(commands(planned));
    assertThat(host("src")).isEqualTo(unprepared);
  }

  @Test
  void theOtherHostIsLeftAlone() {
    CliRun prepareDst = CliRun.run(home, "prepare", "--host", "dst");
    assertThat(prepareDst.exitCode).as(prepareDst.toString()).isZero();
    String dst = host("dst");

    assertThat(CliRun.run(home, "teardown", "--host", "src").exitCode).isZero();

    assertThat(host("dst")).isEqualTo(dst);
  }
}
