package io.vfmigrate.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills vfmigrate (as {@code kill -9} does) at every step boundary of prepare, attach and migrate
 * and at instants inside the transfer, in each of libvirt's three phases, then runs {@code recover}
 * and checks the promise: the VM runs on exactly one host, its VF bound for passthrough and
 * migratable, no copy paused elsewhere, no claim left, and the next migration succeeds.
 */
class KillPointsIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String PF = "0000:e1:00.0";

  @TempDir Path dir;

  private record Run(int exitCode, String out) {}

  /** Where the kill happens: a fault for the lab, and the command of the flow it hits. */
  private record KillPoint(String name, String host, String fault) {
    /** Kill points after preparation start from a prepared lab with vm1's VF attached. */
    boolean duringMigrate() {
      return name.startsWith("migrate");
    }
  }

  private static List<KillPoint> killPoints() {
    List<KillPoint> points = new ArrayList<>();
    // Every step of prepare on both hosts: the command that starts it, before it runs.
    for (String host : List.of("src", "dst")) {
      for (String command :
          List.of(
              "devlink dev eswitch set pci/" + PF + " mode switchdev",
              "/sys/bus/pci/devices/" + PF + "/sriov_numvfs",
              "virsh nodedev-detach pci_0000_e1_00_1",
              "devlink port function set",
              "systemctl start openvswitch",
              "ovs-vsctl set Open_vSwitch . other_config:hw-offload=true",
              "ovs-vsctl set Open_vSwitch . other_config:max-idle=300000",
              "ovs-vsctl --may-exist add-br br-vf",
              "systemctl restart openvswitch",
              "ovs-vsctl --may-exist add-port br-vf enp225s0np0",
              "ovs-vsctl --may-exist add-port br-vf enp225s0npf0vf0")) {
        points.add(
            new KillPoint(
                "prepare " + host + ": " + command,
                host,
                "{command: \"" + command + "\", kill_client: true}"));
      }
    }
    // Attach: before and after virsh attach-device.
    points.add(
        new KillPoint(
            "attach: before attach-device",
            "src",
            "{command: \"virsh attach-device vm1\", kill_client: true}"));
    points.add(
        new KillPoint(
            "attach: after attach-device",
            "src",
            "{command: \"virsh attach-device vm1\", kill_client: true, after: true}"));
    // Migrate: each step boundary, then instants inside the transfer.
    points.add(
        new KillPoint(
            "migrate: rewrite XML",
            "src",
            "{command: \"virsh dumpxml vm1 --migratable\", kill_client: true}"));
    points.add(
        new KillPoint(
            "migrate: transfer starts", "src", "{command: \"virsh migrate\", kill_client: true}"));
    points.add(
        new KillPoint(
            "migrate: transfer, first poll",
            "src",
            // The monitor polls QEMU's query-migrate; libvirt's domjobinfo is read once, at the
            // end.
            "{command: \"virsh qemu-monitor-command vm1 {\\\"execute\\\":\\\"query-migrate\\\"}\","
                + " kill_client: true}"));
    for (String phase : List.of("perform", "finish", "confirm")) {
      for (int ms : List.of(0, 100)) {
        points.add(
            new KillPoint(
                "migrate: " + phase + " + " + ms + " ms",
                "src",
                "{migration_phase: "
                    + phase
                    + ", vm: vm1, after_ms: "
                    + ms
                    + ", kill_client: true}"));
      }
    }
    points.add(
        new KillPoint(
            "migrate: perform + 1500 ms",
            "src",
            "{migration_phase: perform, vm: vm1, after_ms: 1500, kill_client: true}"));
    points.add(
        new KillPoint(
            "migrate: completed statistics",
            "dst",
            "{command: \"virsh domjobinfo vm1 --completed\", kill_client: true}"));
    points.add(
        new KillPoint(
            "migrate: release the source VF",
            "src",
            "{command: \"virsh nodedev-detach pci_0000_e1_00_1\", kill_client: true}"));
    points.add(
        new KillPoint(
            "migrate: verify",
            "dst",
            "{command: \"virsh qemu-agent-command vm1\", kill_client: true}"));
    return points;
  }

  /**
   * The lab after prepare of both hosts and attach of vm1's VF: where migrate kill points start.
   */
  private String preparedLab;

  @Test
  void everyKillPointEndsConsistentAfterRecover() throws Exception {
    // -Dkillpoints=PREFIX runs only the kill points whose name starts with PREFIX.
    String only = System.getProperty("killpoints", "");
    List<KillPoint> points = killPoints().stream().filter(p -> p.name().startsWith(only)).toList();
    Path base = dir.resolve("prepared");
    Files.createDirectories(base);
    Files.writeString(base.resolve("lab.yaml"), labWith(null), StandardCharsets.UTF_8);
    assertThat(
            vfmigrate(base, "lab", "init", "--from", base.resolve("lab.yaml").toString())
                .exitCode())
        .isZero();
    assertThat(vfmigrate(base, "prepare", "--host", "src").exitCode()).isZero();
    assertThat(vfmigrate(base, "prepare", "--host", "dst").exitCode()).isZero();
    assertThat(vfmigrate(base, "attach", "vm1", "--host", "src").exitCode()).isZero();
    preparedLab =
        Files.readString(base.resolve("lab/state.yaml"), StandardCharsets.UTF_8)
            .replaceFirst("(?m)^revision: .*\n", "");
    List<String> failures = new ArrayList<>();
    int killed = 0;
    for (KillPoint point : points) {
      Path home = dir.resolve("home-" + points.indexOf(point));
      Files.createDirectories(home);
      try {
        if (runWithKill(home, point)) {
          killed++;
        }
      } catch (AssertionError e) {
        failures.add(point.name() + ": " + e.getMessage());
      }
    }
    System.out.println(
        points.size()
            + " kill points, "
            + (points.size() - failures.size())
            + " consistent ("
            + killed
            + " killed vfmigrate)");
    assertThat(failures).isEmpty();
    assertThat(killed).as("every kill point killed vfmigrate").isEqualTo(points.size());
  }

  /** Runs the flow with one kill point; returns true when vfmigrate was killed. */
  private boolean runWithKill(Path home, KillPoint point) throws Exception {
    Files.writeString(home.resolve("lab.yaml"), labWith(point), StandardCharsets.UTF_8);
    assertThat(
            vfmigrate(home, "lab", "init", "--from", home.resolve("lab.yaml").toString())
                .exitCode())
        .isZero();
    List<String> migrate = List.of("migrate", "vm1", "--from", "src", "--to", "dst");
    List<List<String>> flow =
        point.duringMigrate()
            ? List.of(migrate)
            : List.of(
                List.of("prepare", "--host", "src"),
                List.of("prepare", "--host", "dst"),
                List.of("attach", "vm1", "--host", "src"),
                migrate);
    boolean killed = false;
    for (List<String> step : flow) {
      Run r = vfmigrate(home, step.toArray(String[]::new));
      if (r.exitCode() == 137) {
        killed = true;
        break;
      }
      assertThat(r.exitCode()).as(point.name() + ": " + step + "\n" + r.out()).isZero();
    }
    Run recover = vfmigrate(home, "recover", "--json");
    assertThat(recover.exitCode()).as(point.name() + ": recover\n" + recover.out()).isZero();
    JsonNode lab = JSON.readTree(vfmigrate(home, "lab", "show", "--json").out());
    String where = assertConsistent(point, lab);

    // The procedure goes on: whatever was interrupted is finished, then vm1 migrates.
    for (String host : point.duringMigrate() ? List.<String>of() : List.of("src", "dst")) {
      Run prepare = vfmigrate(home, "prepare", "--host", host);
      assertThat(prepare.exitCode())
          .as(point.name() + ": prepare again\n" + prepare.out())
          .isZero();
    }
    if (!hasVf(vm(lab, where))) {
      Run attach = vfmigrate(home, "attach", "vm1", "--host", where);
      assertThat(attach.exitCode()).as(point.name() + ": attach again\n" + attach.out()).isZero();
    }
    String other = where.equals("src") ? "dst" : "src";
    Run next = vfmigrate(home, "migrate", "vm1", "--from", where, "--to", other);
    assertThat(next.exitCode()).as(point.name() + ": the next migrate\n" + next.out()).isZero();
    return killed;
  }

  /** Checks the promise on the lab's state; returns the host vm1 runs on. */
  private static String assertConsistent(KillPoint point, JsonNode lab) {
    List<String> running = new ArrayList<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = lab.get("hosts").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> host = it.next();
      JsonNode vm = vm(lab, host.getKey());
      if (vm != null) {
        assertThat(vm.get("state").asText())
            .as(point.name() + ": vm1 on " + host.getKey() + " is not left paused or stopped")
            .isEqualTo("running");
        running.add(host.getKey());
      }
      host.getValue()
          .get("files")
          .fieldNames()
          .forEachRemaining(
              f ->
                  assertThat(f)
                      .as(point.name() + ": nothing left on " + host.getKey())
                      .doesNotStartWith("/run/vfmigrate/")
                      .doesNotStartWith("/tmp/vfmigrate-"));
    }
    assertThat(running).as(point.name() + ": vm1 runs on exactly one host").hasSize(1);
    assertThat(lab.get("migrations")).as(point.name() + ": no migration left").isEmpty();
    String where = running.get(0);
    JsonNode vm = vm(lab, where);
    for (JsonNode iface : vm.get("interfaces")) {
      if ("hostdev".equals(iface.get("type").asText())) {
        JsonNode vf = vf(lab, where, iface.get("pci").asText());
        assertThat(vf.get("driver").asText())
            .as(point.name() + ": vm1's VF is bound for passthrough")
            .isEqualTo("mlx5_vfio_pci");
        assertThat(vf.get("migratable").asBoolean())
            .as(point.name() + ": vm1's VF is migratable")
            .isTrue();
      }
    }
    return where;
  }

  private static boolean hasVf(JsonNode vm) {
    for (JsonNode iface : vm.get("interfaces")) {
      if ("hostdev".equals(iface.get("type").asText())) {
        return true;
      }
    }
    return false;
  }

  private static JsonNode vm(JsonNode lab, String host) {
    for (JsonNode vm : lab.get("hosts").get(host).get("vms")) {
      if ("vm1".equals(vm.get("name").asText())) {
        return vm;
      }
    }
    return null;
  }

  private static JsonNode vf(JsonNode lab, String host, String pci) {
    for (JsonNode nic : lab.get("hosts").get(host).get("nics")) {
      for (JsonNode vf : nic.get("vfs")) {
        if (pci.equals(vf.get("pci").asText())) {
          return vf;
        }
      }
    }
    throw new AssertionError("no VF " + pci + " on " + host);
  }

  /**
   * The lab a kill point starts from (the built-in lab, or the prepared one for migrate) with the
   * kill point's fault on its host; null for no fault.
   */
  private String labWith(KillPoint point) throws IOException {
    if (point != null && point.duringMigrate()) {
      JsonNode lab =
          new com.fasterxml.jackson.databind.ObjectMapper(
                  new com.fasterxml.jackson.dataformat.yaml.YAMLFactory())
              .readTree(preparedLab);
      JsonNode fault =
          new com.fasterxml.jackson.databind.ObjectMapper(
                  new com.fasterxml.jackson.dataformat.yaml.YAMLFactory())
              .readTree(point.fault());
      ((com.fasterxml.jackson.databind.node.ArrayNode)
              lab.get("hosts").get(point.host()).get("faults"))
          .add(fault);
      return new com.fasterxml.jackson.databind.ObjectMapper(
              new com.fasterxml.jackson.dataformat.yaml.YAMLFactory())
          .writeValueAsString(lab);
    }
    String yaml;
    try (var in = KillPointsIT.class.getResourceAsStream("/lab/default.yaml")) {
      yaml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    if (point == null) {
      return yaml;
    }
    String faults = "    faults:\n      - " + point.fault() + "\n";
    if (point.host().equals("src")) {
      return yaml.replace("  dst:\n", faults + "  dst:\n");
    }
    return yaml.stripTrailing() + "\n" + faults;
  }

  private Run vfmigrate(Path home, String... args) throws IOException, InterruptedException {
    String jar = System.getProperty("vfmigrate.jar", "target/vfmigrate.jar");
    List<String> argv =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar));
    argv.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(argv).redirectErrorStream(true);
    pb.environment().put("VFMIGRATE_HOME", home.toString());
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    return new Run(p.exitValue(), out);
  }
}
