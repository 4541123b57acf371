package io.vfmigrate.reallab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The general migration prerequisites against the real daemons (scripts/real-lab), one failure of
 * each kind the real lab can produce, each asked by {@code check} and refused by {@code migrate}
 * (exit 3, nothing changed: the VM runs on on the source, the destination has no such domain, no
 * claim is left). The hosts reach each other's libvirt over the migration link ({@code
 * inventory-tcp.yaml}: qemu+tcp, each host's virsh in its own network namespace), so a cut link
 * cuts what {@code virsh migrate} would connect to. The destination's QEMU is an older one without
 * the CPU feature {@code popcnt} in TCG and without the machine type {@code pc-i440fx-7.1} ({@code
 * real-lab up --dst-without-cpu-feature --dst-without-machine}). Not produced here: hugepages (this
 * machine reserves none, so no VM backed by them starts) and a firewall (none runs here).
 */
@Tag("real-lab")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RealLabPrerequisitesIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String MISSING_FEATURE = "popcnt";
  private static final String MISSING_MACHINE = "pc-i440fx-7.1";
  private static Path home;
  private static String inventory;

  @BeforeAll
  static void up() throws Exception {
    home = Files.createTempDirectory("vfmigrate-real-lab-prereq-home");
    RealLab.run(
        600,
        "up",
        "--dst-without-cpu-feature",
        MISSING_FEATURE,
        "--dst-without-machine",
        MISSING_MACHINE);
    inventory = RealLab.STATE.resolve("inventory-tcp.yaml").toString();
    Vfmigrate.Run init =
        Vfmigrate.run(home, 60, "lab", "init", "--from", RealLab.hardwareLab().toString());
    assertThat(init.exitCode()).as(init.output()).isZero();
    // The VF guards pass once both hosts are prepared: a refusal below is the prerequisite's alone.
    for (String host : List.of("src", "dst")) {
      Vfmigrate.Run prepare =
          Vfmigrate.run(home, 300, "prepare", "--host", host, "--inventory", inventory, "--json");
      assertThat(prepare.exitCode()).as(prepare.output()).isZero();
    }
  }

  @AfterAll
  static void down() throws Exception {
    RealLab.run(300, "down");
  }

  @Test
  @Order(1)
  void overTheMigrationLinkEveryPairPrerequisitePassesBothWays() throws Exception {
    Map<String, String> pair = pairStatuses(check());
    Map<String, String> expected = new TreeMap<>();
    expected.put("host-uuid-distinct@src,dst", "pass");
    for (String p : List.of("src,dst", "dst,src")) {
      expected.put("libvirt-reachable@" + p, "pass");
      expected.put("migration-port@" + p, "pass");
    }
    assertThat(pair).isEqualTo(expected);
  }

  @Test
  @Order(2)
  void aCutLinkRefusesTheMigrationNamingLibvirtReachable() throws Exception {
    RealLab.run(30, "link-down");
    try {
      JsonNode doc = JSON.readTree(check().output());
      // libvirt's own answers, from the host that would run virsh migrate: the source's side of
      // the link is up, the destination's (vfm-mig-b) down
      Map<String, String> why = Map.of("src,dst", "No route to host", "dst,src", "unreachable");
      for (Map.Entry<String, String> p : why.entrySet()) {
        JsonNode f = finding(doc, "libvirt-reachable", p.getKey());
        assertThat(f.get("status").asText()).as(f.toString()).isEqualTo("fail");
        assertThat(f.get("detail").asText()).contains(p.getValue());
      }
      refused("vm1", "libvirt-reachable", "No route to host");
    } finally {
      RealLab.run(30, "link-up");
    }
    assertThat(pairStatuses(check()).get("libvirt-reachable@src,dst")).isEqualTo("pass");
  }

  @Test
  @Order(3)
  void aCpuTheDestinationsHypervisorRefusesIsCpuCompatible() throws Exception {
    RealLab.run(300, "vm", "cpuvm", "--cpu-feature", MISSING_FEATURE, "--no-wait");
    // the destination's libvirt itself refuses this CPU for the feature; the source's has it
    Path xml = home.resolve("cpuvm.xml");
    Files.writeString(xml, RealLab.virsh("src", "dumpxml", "--migratable", "cpuvm").output());
    RealLab.Answer dst = compare("dst", xml);
    assertThat(dst.exitCode()).as(dst.output()).isNotZero();
    assertThat(dst.output()).contains("does not provide required features: ", MISSING_FEATURE);
    RealLab.Answer src = compare("src", xml);
    assertThat(src.output()).doesNotContain(MISSING_FEATURE);
    System.out.println("src's hypervisor-cpu-compare: " + src.output().strip());

    JsonNode f =
        finding(JSON.readTree(check("--vm", "cpuvm").output()), "cpu-compatible", "src,dst");
    assertThat(f.get("status").asText()).as(f.toString()).isEqualTo("fail");
    assertThat(f.get("detail").asText()).contains(MISSING_FEATURE);
    assertThat(f.get("fix").asText()).contains("without " + MISSING_FEATURE);
    refused("cpuvm", "cpu-compatible", MISSING_FEATURE);
  }

  @Test
  @Order(4)
  void aDiskOnLocalStorageIsStorageUnlessCopied() throws Exception {
    String disk = RealLab.STATE.resolve("disks/diskvm.img").toString();
    RealLab.run(300, "vm", "diskvm", "--disk", disk, "--no-wait");
    JsonNode f = finding(JSON.readTree(check("--vm", "diskvm").output()), "storage", "src,dst");
    assertThat(f.get("status").asText()).as(f.toString()).isEqualTo("fail");
    assertThat(f.get("detail").asText()).contains("vdb (" + disk + ") on local");
    assertThat(f.get("fix").asText()).contains("--copy-storage-all");
    refused("diskvm", "storage", disk);

    // copied instead of shared: the guards let it through (planned, not run: both "hosts" are one
    // machine here, so the copy would be written onto the file it reads)
    Vfmigrate.Run plan =
        Vfmigrate.run(
            home,
            180,
            Vfmigrate.migrate(
                "diskvm", "src", "dst", inventory, "--copy-storage-all", "--dry-run"));
    assertThat(plan.exitCode()).as(plan.output()).isZero();
    assertThat(plan.output())
        .contains("virsh migrate --live", " --copy-storage-all ", " diskvm qemu+tcp://10.99.0.2/")
        .contains("Dry run: nothing was changed.");
  }

  @Test
  @Order(5)
  void aMachineTypeTheDestinationsQemuLacksIsMachineType() throws Exception {
    RealLab.run(300, "vm", "oldvm", "--machine", MISSING_MACHINE, "--no-wait");
    // what libvirt asks before it starts the incoming domain, asked of each daemon
    RealLab.Answer dst =
        RealLab.virsh("dst", "domcapabilities", "--virttype", "qemu", "--machine", MISSING_MACHINE);
    assertThat(dst.exitCode()).as(dst.output()).isEqualTo(1);
    assertThat(dst.output()).contains("the machine '" + MISSING_MACHINE + "' is not supported");
    assertThat(
            RealLab.virsh(
                    "src", "domcapabilities", "--virttype", "qemu", "--machine", MISSING_MACHINE)
                .exitCode())
        .isZero();

    JsonNode f = finding(JSON.readTree(check("--vm", "oldvm").output()), "machine-type", "src,dst");
    assertThat(f.get("status").asText()).as(f.toString()).isEqualTo("fail");
    assertThat(f.get("detail").asText()).contains(MISSING_MACHINE);
    refused("oldvm", "machine-type", MISSING_MACHINE);
  }

  @Test
  @Order(6)
  void aVmLargerThanTheDestinationsAvailableMemoryIsDestinationMemory() throws Exception {
    // what the destination's libvirt reports now (free, buffers, cached), as the check reads it
    long availableKib = 0;
    long totalKib = 0;
    for (String line : RealLab.virsh("dst", "nodememstats").output().split("\n")) {
      String[] kv = line.split(":");
      if (kv.length != 2) {
        continue;
      }
      long kib = Long.parseLong(kv[1].strip().split("\\s+")[0]);
      switch (kv[0].strip()) {
        case "total" -> totalKib = kib;
        case "free", "buffers", "cached" -> availableKib += kib;
        default -> {}
      }
    }
    long mib = availableKib / 1024 + 2048;
    // QEMU maps the guest's RAM without touching it, but not beyond the machine's own memory.
    assumeTrue(mib < totalKib / 1024 - 512, "this machine has less than 2.5 GiB not available");
    RealLab.run(300, "vm", "bigvm", "--mem", Long.toString(mib), "--no-wait");
    JsonNode f =
        finding(JSON.readTree(check("--vm", "bigvm").output()), "destination-memory", "src,dst");
    assertThat(f.get("status").asText()).as(f.toString()).isEqualTo("fail");
    assertThat(f.get("detail").asText()).contains("available", "bigvm needs");
    refused("bigvm", "destination-memory", "bigvm needs");
  }

  /** {@code virsh hypervisor-cpu-compare} of a domain XML on one host, for TCG as the VM runs. */
  private static RealLab.Answer compare(String host, Path xml) throws Exception {
    return RealLab.virsh(
        host,
        "hypervisor-cpu-compare",
        "--error",
        "--virttype",
        "qemu",
        "--arch",
        "x86_64",
        xml.toString());
  }

  /** {@code migrate VM} is refused by exactly that guard, and nothing changed. */
  private static void refused(String vm, String guard, String reasonPart) throws Exception {
    Vfmigrate.Run run =
        Vfmigrate.run(
            home, 180, Vfmigrate.migrate(vm, "src", "dst", inventory, "--json", "--no-verify"));
    System.out.println(vm + " refused: " + run.lastLine());
    assertThat(run.exitCode()).as(run.output()).isEqualTo(3);
    JsonNode r = JSON.readTree(run.lastLine());
    assertThat(r.get("outcome").asText()).isEqualTo("refused");
    List<String> guards = new ArrayList<>();
    r.get("refusals").forEach(x -> guards.add(x.get("guard").asText()));
    assertThat(guards).as(run.output()).containsExactly(guard);
    assertThat(r.get("refusals").get(0).get("reason").asText()).contains(reasonPart);
    assertThat(r.get("refusals").get(0).get("fix").asText()).isNotBlank();
    RealLab.Answer src = RealLab.virsh("src", "domstate", vm);
    assertThat(src.output().strip()).as(src.output()).isEqualTo("running");
    RealLab.Answer dst = RealLab.virsh("dst", "domstate", vm);
    assertThat(dst.exitCode()).as(dst.output()).isEqualTo(1);
    assertThat(dst.output()).contains("failed to get domain '" + vm + "'");
    assertThat(claims()).as("claims left in the hosts' emulated hardware").isEmpty();
  }

  /**
   * The claim files (VF, MAC, migration slot) in the state of the hosts' emulated hardware, where
   * the real-lab hosts keep them (HardwareOverlayHost).
   */
  private static List<String> claims() throws IOException {
    List<String> found = new ArrayList<>();
    try (Stream<Path> files = Files.walk(home)) {
      for (Path p : files.filter(Files::isRegularFile).toList()) {
        String text = new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1);
        for (String kind : List.of("claims", "slots", "macs")) {
          if (text.contains("/run/vfmigrate/" + kind + "/")) {
            found.add(p + ": " + kind);
          }
        }
      }
    }
    return found;
  }

  private static Vfmigrate.Run check(String... more) throws Exception {
    List<String> args = new ArrayList<>(List.of("check", "--inventory", inventory, "--json"));
    args.addAll(List.of(more));
    Vfmigrate.Run run = Vfmigrate.run(home, 180, args.toArray(String[]::new));
    // QEMU 7.2 fails qemu-version on both hosts: check exits 3 whatever the prerequisites say
    assertThat(run.exitCode()).as(run.output()).isEqualTo(3);
    return run;
  }

  private static Map<String, String> pairStatuses(Vfmigrate.Run check) throws Exception {
    Map<String, String> out = new TreeMap<>();
    for (JsonNode f : JSON.readTree(check.output()).get("findings")) {
      String id = f.get("id").asText();
      if (id.equals("host-uuid-distinct")
          || id.equals("libvirt-reachable")
          || id.equals("migration-port")) {
        out.put(id + "@" + f.get("host").asText(), f.get("status").asText());
      }
    }
    return out;
  }

  private static JsonNode finding(JsonNode doc, String id, String host) {
    for (JsonNode f : doc.get("findings")) {
      if (f.get("id").asText().equals(id) && f.get("host").asText().equals(host)) {
        return f;
      }
    }
    throw new AssertionError("no finding " + id + " on " + host + " in " + doc);
  }
}
