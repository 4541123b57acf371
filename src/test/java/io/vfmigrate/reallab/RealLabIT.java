package io.vfmigrate.reallab;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * vfmigrate against real libvirt, QEMU (TCG) and Open vSwitch (scripts/real-lab): two libvirt
 * daemons in their own network namespaces joined by a veth link, guests running the QEMU guest
 * agent, an OVS bridge per host. Only the ConnectX-7 is emulated (inventory emulated_hardware). The
 * VMs' NICs are virtio ports on OVS: real QEMU cannot have a VF.
 */
@Tag("real-lab")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RealLabIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static Path home;
  private static String inventory;

  @BeforeAll
  static void up() throws Exception {
    home = Files.createTempDirectory("vfmigrate-real-lab-home");
    long start = System.nanoTime();
    RealLab.run(600, "up");
    System.out.printf("real-lab up: %.1f s%n", (System.nanoTime() - start) / 1e9);
    inventory = RealLab.inventory().toString();
  }

  @AfterAll
  static void down() throws Exception {
    RealLab.run(300, "down");
  }

  private static JsonNode result(Vfmigrate.Run run) throws Exception {
    return JSON.readTree(run.lastLine());
  }

  private static void print(String what, JsonNode r) {
    System.out.printf(
        "%s: outcome %s, total %d ms, downtime %d ms, RAM %d bytes, device state %d bytes,"
            + " %d iterations, libvirt reported %d bytes%n",
        what,
        r.get("outcome").asText(),
        r.get("total_time_ms").asLong(),
        r.get("downtime_ms").asLong(),
        r.get("ram_bytes").asLong(),
        r.get("device_state_bytes").asLong(),
        r.get("iterations").asLong(),
        r.get("libvirt_reported_bytes").asLong());
  }

  @Test
  @Order(1)
  void checkRunsOnTheRealHosts() throws Exception {
    Vfmigrate.Run run = Vfmigrate.run(home, 180, "check", "--inventory", inventory, "--json");
    JsonNode doc = JSON.readTree(run.output());
    for (String host : new String[] {"src", "dst"}) {
      assertThat(finding(doc, "libvirt-running", host).get("status").asText()).isEqualTo("pass");
      assertThat(finding(doc, "nic-model", host).get("status").asText())
          .as("emulated ConnectX-7")
          .isEqualTo("pass");
      assertThat(finding(doc, "qemu-version", host).get("detail").asText())
          .as("the real QEMU answers")
          .contains("QEMU");
    }
  }

  private static JsonNode finding(JsonNode doc, String id, String host) {
    for (JsonNode f : doc.get("findings")) {
      if (f.get("id").asText().equals(id) && f.get("host").asText().equals(host)) {
        return f;
      }
    }
    throw new AssertionError("no finding " + id + " on " + host + " in " + doc);
  }

  @Test
  @Order(2)
  void migrateMovesTheVmAndVerifyPassesThroughTheRealAgent() throws Exception {
    Vfmigrate.Run run =
        Vfmigrate.run(
            home,
            300,
            "migrate",
            "vm1",
            "--from",
            "src",
            "--to",
            "dst",
            "--inventory",
            inventory,
            "--json");
    JsonNode r = result(run);
    print("real migration src->dst", r);
    assertThat(run.exitCode()).as(run.output()).isZero();
    assertThat(r.get("outcome").asText()).isEqualTo("migrated");
    assertThat(r.get("ram_bytes").asLong()).isPositive();
    assertThat(r.get("total_time_ms").asLong()).isPositive();
    assertThat(r.get("verified").asBoolean()).isTrue();
    assertThat(run.output()).contains("\"event\":\"progress\"");

    Vfmigrate.Run verify =
        Vfmigrate.run(
            home, 120, "verify", "vm1", "--inventory", inventory, "--mac", "52:54:00:00:10:10");
    assertThat(verify.exitCode()).as(verify.output()).isZero();
    assertThat(verify.output()).contains("on dst", "0% packet loss");

    Vfmigrate.Run back =
        Vfmigrate.run(
            home,
            300,
            "migrate",
            "vm1",
            "--from",
            "dst",
            "--to",
            "src",
            "--inventory",
            inventory,
            "--json");
    print("real migration dst->src", result(back));
    assertThat(back.exitCode()).as(back.output()).isZero();
  }

  @Test
  @Order(3)
  void ctrlCAbortsAndTheVmKeepsRunningOnTheSource() throws Exception {
    RealLab.run(300, "vm", "busy1", "--host", "src", "--dirty", "64", "--bandwidth", "20");
    Vfmigrate migration =
        Vfmigrate.start(
            home,
            "migrate",
            "busy1",
            "--from",
            "src",
            "--to",
            "dst",
            "--inventory",
            inventory,
            "--json",
            "--no-verify");
    assertThat(migration.awaitLine(l -> l.contains("\"phase\":\"active\""), 120))
        .as(migration.output())
        .isTrue();
    migration.interrupt();
    int code = migration.waitFor(180);
    JsonNode r = JSON.readTree(migration.lastLine());
    print("cancelled migration", r);
    assertThat(code).as(migration.output()).isEqualTo(4);
    assertThat(r.get("outcome").asText()).isEqualTo("rolled-back");
    assertThat(RealLab.run(60, "status")).contains("busy1");
  }

  @Test
  @Order(4)
  void aCutLinkIsDetectedAsAStallAndRolledBack() throws Exception {
    Vfmigrate migration =
        Vfmigrate.start(
            home,
            "migrate",
            "busy1",
            "--from",
            "src",
            "--to",
            "dst",
            "--inventory",
            inventory,
            "--json",
            "--no-verify",
            "--stall-timeout",
            "10");
    assertThat(migration.awaitLine(l -> l.contains("\"phase\":\"active\""), 120))
        .as(migration.output())
        .isTrue();
    long cut = System.nanoTime();
    RealLab.run(30, "link-down");
    try {
      int code = migration.waitFor(120);
      JsonNode r = JSON.readTree(migration.lastLine());
      System.out.printf(
          "link cut: rolled back %.1f s after the cut%n", (System.nanoTime() - cut) / 1e9);
      assertThat(code).as(migration.output()).isEqualTo(4);
      assertThat(r.get("outcome").asText()).isEqualTo("rolled-back");
      assertThat(r.get("error").asText()).contains("no progress");
    } finally {
      RealLab.run(30, "link-up");
    }
  }

  @Test
  @Order(5)
  void aVmNoHostHasIsInvalidInput() throws Exception {
    Vfmigrate.Run run =
        Vfmigrate.run(
            home,
            120,
            "migrate",
            "nosuchvm",
            "--from",
            "src",
            "--to",
            "dst",
            "--inventory",
            inventory,
            "--json");
    // No host has it: the input is wrong (exit 2), and --json still gets a JSON answer.
    assertThat(run.exitCode()).as(run.output()).isEqualTo(2);
    JsonNode error = result(run).get("error");
    assertThat(error.get("kind").asText()).isEqualTo("usage");
    assertThat(error.get("message").asText()).contains("nosuchvm", "src, dst");
  }

  @Test
  @Order(6)
  void aDestinationThatRefusesPassesLibvirtsErrorThrough() throws Exception {
    RealLab.run(
        300, "vm", "twin", "--host", "src", "--mac", "52:54:00:00:12:01", "--ip", "10.98.0.201/24");
    RealLab.run(
        300, "vm", "twin", "--host", "dst", "--mac", "52:54:00:00:12:02", "--ip", "10.98.0.202/24");
    Vfmigrate.Run run =
        Vfmigrate.run(
            home,
            300,
            "migrate",
            "twin",
            "--from",
            "src",
            "--to",
            "dst",
            "--inventory",
            inventory,
            "--json",
            "--no-verify");
    JsonNode r = result(run);
    System.out.println("refused by the destination's libvirt: " + r.get("error").asText());
    assertThat(run.exitCode()).as(run.output()).isEqualTo(4);
    assertThat(r.get("outcome").asText()).isEqualTo("rolled-back");
    assertThat(r.get("error").asText()).contains("error:", "twin");
    assertThat(RealLab.run(60, "status")).contains("twin");
  }
}
