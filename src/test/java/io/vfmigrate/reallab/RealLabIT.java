package io.vfmigrate.reallab;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The whole procedure against real libvirt, QEMU (TCG) and Open vSwitch (scripts/real-lab): two
 * libvirt daemons in their own network namespaces joined by a veth link, guests running the QEMU
 * guest agent, an OVS bridge per host, a systemctl stand-in that starts and stops that OVS. Only
 * the ConnectX-7 is emulated (inventory emulated_hardware, described by the harness's
 * hardware.yaml); its uplink and representors are real netdevs, so OVS really opens the ports
 * prepare adds. The VMs' NICs are virtio ports on OVS: TCG QEMU cannot have a VF.
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
    System.out.printf("real-lab up: %.1f s%n", seconds(start));
    inventory = RealLab.inventory().toString();
    Vfmigrate.Run init =
        Vfmigrate.run(home, 60, "lab", "init", "--from", RealLab.hardwareLab().toString());
    assertThat(init.exitCode()).as(init.output()).isZero();
  }

  @AfterAll
  static void down() throws Exception {
    RealLab.run(300, "down");
  }

  private static double seconds(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e9;
  }

  private static JsonNode result(Vfmigrate.Run run) throws Exception {
    return JSON.readTree(run.lastLine());
  }

  private static void print(String what, JsonNode r) {
    System.out.printf(
        "%s: outcome %s, total %s ms, downtime %s ms, RAM %s bytes, device state %s bytes,"
            + " %s iterations, libvirt reported %s bytes%n",
        what,
        r.get("outcome"),
        r.get("total_time_ms"),
        r.get("downtime_ms"),
        r.get("ram_bytes"),
        r.get("device_state_bytes"),
        r.get("iterations"),
        r.get("libvirt_reported_bytes"));
  }

  /** What the real hosts are: every finding's status, as it must be on this machine. */
  private static final Map<String, String> EXPECTED_PER_HOST =
      Map.ofEntries(
          Map.entry("nic-model", "pass"),
          // the emulated NIC runs 28.39.1002: works, below the version NVIDIA requires
          Map.entry("firmware-version", "warn"),
          Map.entry("mstflint-installed", "pass"),
          Map.entry("vf-migration-mode", "pass"),
          Map.entry("openvswitch-installed", "pass"),
          Map.entry("iommu-enabled", "pass"),
          Map.entry("sriov-capable", "pass"),
          Map.entry("vfio-variant-driver", "pass"),
          Map.entry("devlink-migratable", "pass"),
          // Debian 12's QEMU 7.2 is below the 8.1 floor for VFIO migration
          Map.entry("qemu-version", "fail"),
          Map.entry("libvirt-running", "pass"),
          // Debian 12's libvirt 9.0 binds plain vfio-pci to a managed VF (10.0: mlx5_vfio_pci)
          Map.entry("libvirt-version", "fail"),
          Map.entry("stale-claims", "pass"));

  @Test
  @Order(1)
  void checkReportsTheRealHostsAsTheyAre() throws Exception {
    long start = System.nanoTime();
    Vfmigrate.Run run = Vfmigrate.run(home, 180, "check", "--inventory", inventory, "--json");
    System.out.printf("check (both hosts): %.1f s%n", seconds(start));
    assertThat(run.exitCode()).as("not ready: qemu-version fails\n" + run.output()).isEqualTo(3);
    JsonNode doc = JSON.readTree(run.output());
    Map<String, String> expected = new TreeMap<>();
    for (String host : List.of("src", "dst")) {
      EXPECTED_PER_HOST.forEach((id, status) -> expected.put(id + "@" + host, status));
    }
    expected.put("firmware-match@src,dst", "pass");
    expected.put("psid-match@src,dst", "pass");
    // QEMU 7.2 has no switchover-ack (8.1+): a warning with its downtime cost.
    expected.put("switchover-ack@src,dst", "warn");
    expected.put("host-uuid-distinct@src,dst", "pass");
    for (String pair : List.of("src,dst", "dst,src")) {
      expected.put("libvirt-reachable@" + pair, "pass");
      // no firewalld on this machine: nothing filters the migration port
      expected.put("migration-port@" + pair, "pass");
    }
    Map<String, String> actual = new TreeMap<>();
    for (JsonNode f : doc.get("findings")) {
      actual.put(f.get("id").asText() + "@" + f.get("host").asText(), f.get("status").asText());
    }
    assertThat(actual).as(run.output()).isEqualTo(expected);
    assertThat(doc.get("ok").asBoolean()).isFalse();
    for (String host : List.of("src", "dst")) {
      JsonNode qemu = finding(doc, "qemu-version", host);
      assertThat(qemu.get("detail").asText()).startsWith("QEMU 7.2.");
      assertThat(qemu.get("fix").asText()).startsWith("apt-get install --only-upgrade");
      assertThat(finding(doc, "openvswitch-installed", host).get("detail").asText())
          .startsWith("openvswitch-switch 3.1.");
      assertThat(finding(doc, "libvirt-running", host).get("detail").asText())
          .isEqualTo("libvirt 9.0.0 answers");
      JsonNode libvirt = finding(doc, "libvirt-version", host);
      assertThat(libvirt.get("detail").asText())
          .startsWith("libvirt 9.0.0 (virsh version) binds plain vfio-pci to a managed VF");
      assertThat(libvirt.get("fix").asText()).startsWith("apt-get install --only-upgrade");
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

  private static List<String> commands(JsonNode prepareResult) {
    List<String> commands = new ArrayList<>();
    for (JsonNode step : prepareResult.get("steps")) {
      commands.add(step.get("command").asText());
    }
    return commands;
  }

  @Test
  @Order(2)
  void prepareBringsBothRealHostsToThePreparedStateAndASecondRunPlansNothing() throws Exception {
    for (String host : List.of("src", "dst")) {
      String vswitchdBefore = RealLab.vswitchdPid(host);
      long start = System.nanoTime();
      Vfmigrate.Run run =
          Vfmigrate.run(home, 300, "prepare", "--host", host, "--inventory", inventory, "--json");
      System.out.printf("prepare %s: %.1f s%n", host, seconds(start));
      assertThat(run.exitCode()).as(run.output()).isZero();
      List<String> commands = commands(JSON.readTree(run.output()));
      assertThat(commands)
          .as(run.output())
          .contains(
              "ovs-vsctl set Open_vSwitch . other_config:hw-offload=true",
              "systemctl restart openvswitch-switch",
              "ovs-vsctl --may-exist add-port br-vf enp225s0np0",
              "ovs-vsctl --may-exist add-port br-vf enp225s0npf0vf0");
      // libvirt 9.0 refuses 'nodedev-detach --driver pci-stub': bound through sysfs instead
      assertThat(commands)
          .anyMatch(c -> c.startsWith("echo pci-stub > /sys/bus/pci/devices/0000:e1:00.1/"));

      // the real Open vSwitch: restarted by the systemctl stand-in, with real ports that opened
      assertThat(RealLab.vswitchdPid(host)).isNotEqualTo(vswitchdBefore);
      RealLab.Answer offload =
          RealLab.vsctl(host, "get", "Open_vSwitch", ".", "other_config:hw-offload");
      assertThat(offload.output().strip()).isEqualTo("\"true\"");
      for (String port : List.of("enp225s0np0", "enp225s0npf0vf0")) {
        RealLab.Answer ofport = RealLab.vsctl(host, "get", "Interface", port, "ofport");
        assertThat(ofport.exitCode()).as(ofport.output()).isZero();
        assertThat(Integer.parseInt(ofport.output().strip())).as(port).isPositive();
      }

      long again = System.nanoTime();
      Vfmigrate.Run second =
          Vfmigrate.run(home, 300, "prepare", "--host", host, "--inventory", inventory, "--json");
      System.out.printf("prepare %s again: %.1f s%n", host, seconds(again));
      assertThat(second.exitCode()).as(second.output()).isZero();
      assertThat(commands(JSON.readTree(second.output()))).as(second.output()).isEmpty();
    }
    listShowsVm1RunningOn("src");
  }

  /**
   * {@code list} as the real hosts answer it: vm1 running on one host only (no VF: TCG QEMU cannot
   * pass one through, so attach is refused), and every prepared VF free with no claim.
   */
  private void listShowsVm1RunningOn(String host) throws Exception {
    Vfmigrate.Run run = Vfmigrate.run(home, 120, "list", "--inventory", inventory, "--json");
    assertThat(run.exitCode()).as(run.output()).isZero();
    JsonNode hosts = JSON.readTree(run.output()).get("hosts");
    assertThat(hosts).hasSize(2);
    for (JsonNode h : hosts) {
      String name = h.get("name").asText();
      List<String> running = new java.util.ArrayList<>();
      for (JsonNode vm : h.get("vms")) {
        if (vm.get("state").asText().equals("running")) {
          running.add(vm.get("name").asText());
        }
      }
      if (name.equals(host)) {
        assertThat(running).as(run.output()).contains("vm1");
      } else {
        assertThat(running).as(run.output()).doesNotContain("vm1");
      }
      assertThat(h.get("vfs")).as(run.output()).isNotEmpty();
      for (JsonNode vf : h.get("vfs")) {
        assertThat(vf.get("state").asText()).as(name + " " + vf).isEqualTo("free");
        assertThat(vf.get("claim").isNull()).as(name + " " + vf).isTrue();
      }
    }
  }

  @Test
  @Order(3)
  void aCaptureOfBothHostsPlansTheSameCheckAndMigrationInTheLab() throws Exception {
    Path captured = home.resolve("captured.yaml");
    long start = System.nanoTime();
    Vfmigrate.Run capture =
        Vfmigrate.run(
            home,
            180,
            "lab",
            "capture",
            "--inventory",
            inventory,
            "--host",
            "src",
            "--host",
            "dst",
            "--to",
            captured.toString(),
            "--dirty-rate");
    System.out.printf("lab capture of src and dst with --dirty-rate: %.1f s%n", seconds(start));
    assertThat(capture.exitCode()).as(capture.output()).isZero();
    String yaml = Files.readString(captured);
    System.out.println(yaml);
    assertThat(yaml)
        .contains("Debian GNU/Linux 12", "openvswitch-switch", "qemu-system-x86")
        .contains("vm1", "52:54:00:00:10:10", "enp225s0npf0vf0", "pci-stub", "dirty_rate");

    Path replay = Files.createTempDirectory("vfmigrate-replay-home");
    Vfmigrate.Run init = Vfmigrate.run(replay, 60, "lab", "init", "--from", captured.toString());
    assertThat(init.exitCode()).as(init.output()).isZero();
    Path labInventory = replay.resolve("inventory-lab.yaml");
    Files.writeString(labInventory, onTheLab(Files.readString(RealLab.inventory())));

    Vfmigrate.Run realCheck = Vfmigrate.run(home, 180, "check", "--inventory", inventory, "--json");
    Vfmigrate.Run labCheck =
        Vfmigrate.run(replay, 180, "check", "--inventory", labInventory.toString(), "--json");
    assertThat(labCheck.exitCode()).as(labCheck.output()).isEqualTo(realCheck.exitCode());
    assertThat(statuses(labCheck)).as(labCheck.output()).isEqualTo(statuses(realCheck));

    Vfmigrate.Run realPlan =
        Vfmigrate.run(
            home,
            180,
            "migrate",
            "vm1",
            "--from",
            "src",
            "--to",
            "dst",
            "--inventory",
            inventory,
            "--dry-run");
    Vfmigrate.Run labPlan =
        Vfmigrate.run(
            replay,
            180,
            "migrate",
            "vm1",
            "--from",
            "src",
            "--to",
            "dst",
            "--inventory",
            labInventory.toString(),
            "--dry-run");
    assertThat(realPlan.exitCode()).as(realPlan.output()).isZero();
    assertThat(labPlan.exitCode()).as(labPlan.output()).isZero();
    System.out.println("planned on the real hosts: " + plannedCommands(realPlan));
    assertThat(plannedCommands(labPlan))
        .as(labPlan.output())
        .isEqualTo(plannedCommands(realPlan))
        .isNotEmpty();
  }

  /** The real-lab inventory with each host replaced by the lab host of its name. */
  private static String onTheLab(String inventory) {
    StringBuilder out = new StringBuilder();
    for (String line : inventory.split("\n")) {
      if (line.startsWith("    emulated_hardware:")
          || line.startsWith("    env:")
          || line.startsWith("      ")) {
        continue;
      }
      if (line.startsWith("    libvirt_uri: qemu+unix:")) {
        // The real lab's two "hosts" are daemons of one machine, reached by unix socket; the twin's
        // hosts are two machines, reached as real hosts are (qemu+ssh, by their lab names).
        String host = line.contains("/A/sock/") ? "src" : "dst";
        out.append("    libvirt_uri: qemu+ssh://").append(host).append("/system\n");
        continue;
      }
      out.append(line.equals("    ssh: local") ? "    ssh: lab" : line).append('\n');
    }
    return out.toString();
  }

  private static Map<String, String> statuses(Vfmigrate.Run check) throws Exception {
    Map<String, String> statuses = new TreeMap<>();
    for (JsonNode f : JSON.readTree(check.output()).get("findings")) {
      statuses.put(f.get("id").asText() + "@" + f.get("host").asText(), f.get("status").asText());
    }
    return statuses;
  }

  /** The dry run's "Commands:" lines, temporary file names replaced by TEMP. */
  private static List<String> plannedCommands(Vfmigrate.Run dryRun) {
    List<String> commands = new ArrayList<>();
    boolean in = false;
    for (String line : dryRun.output().split("\n")) {
      if (line.equals("Commands:")) {
        in = true;
      } else if (in && line.startsWith("  ")) {
        commands.add(
            line.strip()
                .replaceAll("/tmp/vfmigrate-[a-z-]*[0-9]+\\.xml", "TEMP")
                .replaceAll("qemu\\+unix:///system\\?socket=\\S*/B/sock/libvirt-sock", "DST_URI")
                .replaceAll("qemu\\+ssh://dst/system", "DST_URI")
                .replace("'DST_URI'", "DST_URI"));
      } else if (in) {
        break;
      }
    }
    return commands;
  }

  @Test
  @Order(4)
  void attachIsRefusedByLibvirtBecauseTcgQemuHasNoVfio() throws Exception {
    Vfmigrate.Run run =
        Vfmigrate.run(home, 120, "attach", "vm1", "--host", "src", "--inventory", inventory);
    // libvirt refuses the hostdev (no /dev/vfio here): the tool failure, exit 5, with its fix
    assertThat(run.exitCode()).as(run.output()).isEqualTo(5);
    assertThat(run.output())
        .contains("host doesn't support passthrough of host PCI devices")
        .contains("enable VFIO passthrough on the host")
        // Debian 12's libvirt 9.0 would bind plain vfio-pci: told before libvirt is asked
        .contains("libvirt 9.0.0 binds plain vfio-pci to a managed VF, which QEMU cannot migrate");
    RealLab.Answer xml = RealLab.virsh("src", "dumpxml", "vm1");
    assertThat(xml.output()).contains("<domain").doesNotContain("<hostdev");
  }

  private void migrateAndVerify(String from, String to) throws Exception {
    long start = System.nanoTime();
    Vfmigrate.Run run =
        Vfmigrate.run(
            home,
            300,
            "migrate",
            "vm1",
            "--from",
            from,
            "--to",
            to,
            "--inventory",
            inventory,
            "--json");
    System.out.printf("migrate %s->%s: %.1f s wall%n", from, to, seconds(start));
    JsonNode r = result(run);
    print("real migration " + from + "->" + to, r);
    assertThat(run.exitCode()).as(run.output()).isZero();
    assertThat(r.get("outcome").asText()).isEqualTo("migrated");
    assertThat(r.get("ram_bytes").asLong()).isPositive();
    assertThat(r.get("total_time_ms").asLong()).isPositive();
    assertThat(r.get("downtime_ms").asLong()).as("libvirt's Total downtime").isPositive();
    assertThat(r.get("verified").asBoolean()).isTrue();
    assertThat(r.get("verified_interface").asText()).isEqualTo("first-nic");
    assertThat(run.output()).contains("\"event\":\"progress\"");

    // where the VM is, asked of each host's libvirtd alone
    RealLab.Answer there = RealLab.virsh(to, "domstate", "vm1");
    assertThat(there.exitCode()).as(there.output()).isZero();
    assertThat(there.output().strip()).isEqualTo("running");
    RealLab.Answer gone = RealLab.virsh(from, "domstate", "vm1");
    assertThat(gone.exitCode()).as(gone.output()).isEqualTo(1);
    assertThat(gone.output()).contains("failed to get domain 'vm1'");

    long verifyStart = System.nanoTime();
    Vfmigrate.Run verify = Vfmigrate.run(home, 120, "verify", "vm1", "--inventory", inventory);
    System.out.printf("verify on %s: %.1f s%n", to, seconds(verifyStart));
    assertThat(verify.exitCode()).as(verify.output()).isZero();
    assertThat(verify.output())
        .contains("vm1 on " + to + ": first NIC", "52:54:00:00:10:10", "0% packet loss");
  }

  @Test
  @Order(5)
  void migrateThereAndBackEachFollowedByAPlainVerify() throws Exception {
    migrateAndVerify("src", "dst");
    listShowsVm1RunningOn("dst");
    migrateAndVerify("dst", "src");
  }

  @Test
  @Order(6)
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
    assertThat(RealLab.virsh("src", "domstate", "busy1").output().strip()).isEqualTo("running");
    assertThat(RealLab.virsh("dst", "domstate", "busy1").exitCode()).isEqualTo(1);
  }

  @Test
  @Order(7)
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
      System.out.printf("link cut: rolled back %.1f s after the cut%n", seconds(cut));
      assertThat(code).as(migration.output()).isEqualTo(4);
      assertThat(r.get("outcome").asText()).isEqualTo("rolled-back");
      assertThat(r.get("error").asText()).contains("no progress");
    } finally {
      RealLab.run(30, "link-up");
    }
    assertThat(RealLab.virsh("src", "domstate", "busy1").output().strip()).isEqualTo("running");
    assertThat(RealLab.virsh("dst", "domstate", "busy1").exitCode()).isEqualTo(1);
  }

  @Test
  @Order(8)
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
  @Order(9)
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
    assertThat(r.get("error").asText()).contains(TWIN_REFUSAL);
    // both copies run on, each where it was: asked of each host alone
    assertThat(RealLab.virsh("src", "domstate", "twin").output().strip()).isEqualTo("running");
    assertThat(RealLab.virsh("dst", "domstate", "twin").output().strip()).isEqualTo("running");
    assertThat(RealLab.virsh("dst", "domiflist", "twin").output()).contains("52:54:00:00:12:02");
  }

  /** What libvirt 9.0 says when the destination already runs a domain of that name. */
  private static final String TWIN_REFUSAL = "already exists";

  @Test
  @Order(10)
  void teardownUndoesPrepareOnBothRealHosts() throws Exception {
    for (String host : List.of("src", "dst")) {
      long start = System.nanoTime();
      Vfmigrate.Run run =
          Vfmigrate.run(home, 300, "teardown", "--host", host, "--inventory", inventory, "--json");
      System.out.printf("teardown %s: %.1f s%n", host, seconds(start));
      assertThat(run.exitCode()).as(run.output()).isZero();
      assertThat(commands(JSON.readTree(run.output())))
          .as(run.output())
          .contains(
              "ovs-vsctl --if-exists del-port br-vf enp225s0npf0vf0",
              "ovs-vsctl --if-exists del-port br-vf enp225s0np0",
              "echo 0 > /sys/bus/pci/devices/0000:e1:00.0/sriov_numvfs");
      // the VMs' ports keep the bridge (and so Open vSwitch) on both hosts
      RealLab.Answer ports = RealLab.vsctl(host, "list-ports", "br-vf");
      assertThat(ports.exitCode()).as(ports.output()).isZero();
      assertThat(ports.output()).doesNotContain("enp225s0").contains("vnet");
      Vfmigrate.Run again =
          Vfmigrate.run(home, 300, "teardown", "--host", host, "--inventory", inventory, "--json");
      assertThat(again.exitCode()).as(again.output()).isZero();
      assertThat(commands(JSON.readTree(again.output()))).as(again.output()).isEmpty();
    }
  }

  /**
   * The interactive virsh that answers vfmigrate's reads, when libvirtd drops its connection (as a
   * daemon restart does): the next read is answered as a virsh of its own answers it, the shell is
   * given up and closed, and no connection of it is left.
   */
  @Test
  @Order(11)
  void theVirshShellGivesUpAConnectionLibvirtdDroppedAndTheReadRunsAlone() throws Exception {
    io.vfmigrate.host.local.LocalHost local =
        new io.vfmigrate.host.local.LocalHost(
            "src", Map.of("LIBVIRT_DEFAULT_URI", RealLab.uri("src")));
    io.vfmigrate.host.Command list =
        io.vfmigrate.host.Command.of("virsh", "list", "--all", "--name").inCLocale();
    String alone = RealLab.virsh("src", "list", "--all", "--name").output();
    List<io.vfmigrate.host.Command> started = new ArrayList<>();
    try (io.vfmigrate.tools.virsh.VirshShellHost host =
        new io.vfmigrate.tools.virsh.VirshShellHost(local, started::add)) {
      io.vfmigrate.host.CommandResult first = host.run(list);
      assertThat(first.stdout()).isEqualTo(alone);
      assertThat(started).hasSize(1);
      assertThat(RealLab.libvirtClients("src")).isEqualTo(1);

      assertThat(RealLab.dropLibvirtClients("src")).isEqualTo(1);
      io.vfmigrate.host.CommandResult second = host.run(list);
      io.vfmigrate.host.CommandResult third = host.run(list);

      for (io.vfmigrate.host.CommandResult r : List.of(second, third)) {
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        assertThat(r.stderr()).isEmpty();
        assertThat(r.stdout()).isEqualTo(alone);
      }
      assertThat(started).hasSize(1);
      assertThat(RealLab.libvirtClients("src")).isZero();
    }
  }

  /**
   * The guest agent's {@code guest-exec} goes to the interactive virsh but is never sent twice:
   * when libvirtd dropped the shell's connection while it was idle, the shell's connection check
   * finds it and the command runs as a virsh of its own, once; the program runs and its status is
   * read.
   */
  @Test
  @Order(12)
  void aGuestExecAfterLibvirtdDroppedTheShellRunsOnceAlone() throws Exception {
    String on =
        RealLab.virsh("src", "domstate", "vm1").output().startsWith("running") ? "src" : "dst";
    io.vfmigrate.host.local.LocalHost local =
        new io.vfmigrate.host.local.LocalHost(on, Map.of("LIBVIRT_DEFAULT_URI", RealLab.uri(on)));
    List<io.vfmigrate.host.Command> started = new ArrayList<>();
    try (io.vfmigrate.tools.virsh.VirshShellHost host =
        new io.vfmigrate.tools.virsh.VirshShellHost(local, started::add)) {
      io.vfmigrate.tools.agent.GuestAgent agent =
          new io.vfmigrate.tools.agent.GuestAgent(new io.vfmigrate.tools.virsh.Virsh(host), "vm1");
      io.vfmigrate.tools.agent.GuestExecResult first =
          agent.exec("echo", List.of("one"), java.time.Duration.ofSeconds(30));
      assertThat(first.stdout()).isEqualTo("one\n");
      assertThat(started).hasSize(1);
      assertThat(RealLab.libvirtClients(on)).isEqualTo(1);

      assertThat(RealLab.dropLibvirtClients(on)).isEqualTo(1);
      io.vfmigrate.tools.agent.GuestExecResult second =
          agent.exec("echo", List.of("two"), java.time.Duration.ofSeconds(30));

      assertThat(second.exitCode()).hasValue(0);
      assertThat(second.stdout()).isEqualTo("two\n");
      assertThat(started).hasSize(1);
      assertThat(RealLab.libvirtClients(on)).isZero();
    }
  }
}
