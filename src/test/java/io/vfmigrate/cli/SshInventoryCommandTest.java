package io.vfmigrate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vfmigrate.host.ssh.ShellSshServer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code check --inventory} with a host reached over SSH (an in-process server on loopback that
 * runs commands as OpenSSH does).
 */
class SshInventoryCommandTest {
  @TempDir Path home;
  @TempDir Path serverDir;

  @Test
  void checkRunsItsCommandsOverSsh() throws Exception {
    try (ShellSshServer server = ShellSshServer.start(serverDir)) {
      Path inventory = home.resolve("inventory.yaml");
      Files.writeString(
          inventory,
          String.join(
              "\n",
              "hosts:",
              "  remote:",
              "    ssh: root@127.0.0.1:" + server.port(),
              "    identity_file: " + server.clientKey(),
              "    known_hosts: " + server.knownHosts(),
              "    address: 127.0.0.1",
              "    pf: 0000:e1:00.0",
              "    emulated_hardware: src",
              ""));
      // The emulated NIC's host is of this machine's kind (Debian: dpkg answers for mstflint).
      Path hardware = home.resolve("hardware.yaml");
      Files.writeString(
          hardware,
          String.join(
              "\n",
              "hosts:",
              "  src:",
              "    address: 127.0.0.1",
              "    os: Debian GNU/Linux 12",
              "    iommu: true",
              "    packages: {mstflint: 4.26.0-1, lshw: 02.19.git.2021.06.19.996aaad9c7-2,"
                  + " iproute2: 6.2.0-1}",
              "    nics:",
              "      - pci: 0000:e1:00.0",
              "        model: ConnectX-7",
              "        netdev: enp225s0np0",
              "        firmware: 28.39.1002",
              "        psid: MT_0000000838",
              "        vf_migration_mode: 2",
              "        total_vfs: 16",
              "        eswitch: legacy",
              "    vms: []",
              ""));
      CliRun init = CliRun.run(home, "lab", "init", "--from", hardware.toString());
      assertThat(init.exitCode).as(init.toString()).isZero();
      CliRun r = CliRun.run(home, "check", "--inventory", inventory.toString(), "--json");
      JsonNode doc = new ObjectMapper().readTree(r.out);
      assertThat(doc.get("findings")).as(r.toString()).isNotEmpty();
      for (JsonNode f : doc.get("findings")) {
        assertThat(f.get("host").asText()).isEqualTo("remote");
      }
      assertThat(status(doc, "nic-model")).as("emulated NIC").isEqualTo("pass");
      // Asked over SSH of this Debian machine: rpm is missing, the emulated NIC's dpkg answers.
      assertThat(status(doc, "mstflint-installed")).as(r.toString()).isEqualTo("pass");
    }
  }

  @Test
  void anUnknownHostKeyIsRefusedWithTheFingerprintAndTheFix() throws Exception {
    try (ShellSshServer server = ShellSshServer.start(serverDir)) {
      Path inventory = home.resolve("inventory.yaml");
      Files.writeString(
          inventory,
          String.join(
              "\n",
              "hosts:",
              "  remote:",
              "    ssh: root@127.0.0.1:" + server.port(),
              "    identity_file: " + server.clientKey(),
              "    known_hosts: " + home.resolve("empty_known_hosts"),
              "    pf: 0000:e1:00.0",
              ""));
      CliRun r = CliRun.run(home, "check", "--inventory", inventory.toString());
      assertThat(r.exitCode).as(r.toString()).isEqualTo(3);
      assertThat(r.out).contains("host-reachable", "SHA256:", "ssh-keyscan");
      assertThat(r.out).doesNotContain("nic-model");
    }
  }

  private static JsonNode finding(JsonNode doc, String id) {
    for (JsonNode f : doc.get("findings")) {
      if (f.get("id").asText().equals(id)) {
        return f;
      }
    }
    throw new AssertionError("no finding " + id + " in " + doc);
  }

  private static String status(JsonNode doc, String id) {
    return finding(doc, id).get("status").asText();
  }
}
