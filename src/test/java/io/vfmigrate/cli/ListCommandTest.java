package io.vfmigrate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vfmigrate.lab.Lab;
import io.vfmigrate.lab.LabStore;
import io.vfmigrate.workflow.claims.ClaimFile;
import io.vfmigrate.workflow.claims.ClaimKind;
import io.vfmigrate.workflow.claims.ClaimOwner;
import io.vfmigrate.workflow.claims.Claims;
import io.vfmigrate.workflow.claims.ControlProcess;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ListCommandTest {
  @TempDir Path home;
  private final ObjectMapper json = new ObjectMapper();

  @BeforeEach
  void prepareAndAttach() {
    assertThat(CliRun.run(home, "prepare", "--host", "src", "--vfs", "3").exitCode).isZero();
    assertThat(CliRun.run(home, "prepare", "--host", "dst", "--vfs", "3").exitCode).isZero();
    assertThat(CliRun.run(home, "attach", "vm1", "--host", "src").exitCode).isZero();
  }

  @Test
  void showsUsedClaimedFreeAndUnpreparedVfsAndTheMigratingVfsOfEachPf() throws Exception {
    Lab lab = Lab.open(new LabStore(home));
    String me = ControlProcess.current().machine();
    // A live claim (this process), a stale one (a PID that runs nothing) and a live slot.
    claim(
        lab,
        "dst",
        ClaimKind.VF,
        "0000:e1:00.2",
        new ClaimOwner("migrate-live", me, ProcessHandle.current().pid(), Instant.now()));
    claim(
        lab,
        "dst",
        ClaimKind.VF,
        "0000:e1:00.3",
        new ClaimOwner("migrate-dead", me, Integer.MAX_VALUE - 7, Instant.now()));
    claim(
        lab,
        "dst",
        ClaimKind.SLOT,
        "0000:e1:00.0/slot-1",
        new ClaimOwner("migrate-live", me, ProcessHandle.current().pid(), Instant.now()));

    CliRun r = CliRun.run(home, "list", "--json");
    assertThat(r.exitCode).as(r.toString()).isZero();
    JsonNode hosts = json.readTree(r.out).get("hosts");
    assertThat(hosts).hasSize(2);
    JsonNode src = hosts.get(0);
    assertThat(src.get("name").asText()).isEqualTo("src");
    JsonNode vm1 = src.get("vms").get(0);
    assertThat(vm1.get("name").asText()).isEqualTo("vm1");
    assertThat(vm1.get("state").asText()).isEqualTo("running");
    assertThat(vm1.get("vfs").get(0).asText()).isEqualTo("0000:e1:00.1");
    assertThat(vm1.get("macs")).hasSize(2);
    assertThat(vm1.get("operation").isNull()).isTrue();
    assertThat(src.get("vfs").get(0).get("state").asText()).isEqualTo("used");
    assertThat(src.get("vfs").get(0).get("vm").asText()).isEqualTo("vm1");
    assertThat(src.get("vfs").get(1).get("state").asText()).isEqualTo("free");
    assertThat(src.get("pfs").get(0).get("migrating_vfs").asInt()).isZero();

    JsonNode dst = hosts.get(1);
    assertThat(dst.get("vms")).isEmpty();
    assertThat(dst.get("vfs").get(0).get("state").asText()).isEqualTo("free");
    JsonNode live = dst.get("vfs").get(1);
    assertThat(live.get("state").asText()).isEqualTo("claimed");
    assertThat(live.get("claim").get("operation").asText()).isEqualTo("migrate-live");
    assertThat(live.get("claim").get("liveness").asText()).isEqualTo("live");
    JsonNode stale = dst.get("vfs").get(2);
    assertThat(stale.get("claim").get("liveness").asText()).isEqualTo("stale");
    assertThat(dst.get("pfs").get(0).get("migrating_vfs").asInt()).isEqualTo(1);

    CliRun human = CliRun.run(home, "list", "--host", "dst");
    assertThat(human.exitCode).as(human.toString()).isZero();
    assertThat(human.out)
        .doesNotContain("src")
        .contains("1 of 4 VFs migrating now", "claimed by migrate-dead (stale)", "free");
  }

  @Test
  void aVfGivenBackToTheHostDriverIsUnpreparedAndAnUnknownHostIsAUsageError() throws Exception {
    CliRun reattach =
        CliRun.run(
            home, "lab", "exec", "dst", "--", "virsh", "nodedev-reattach", "pci_0000_e1_00_2");
    assertThat(reattach.exitCode).as(reattach.toString()).isZero();
    CliRun r = CliRun.run(home, "list", "--host", "dst", "--json");
    assertThat(r.exitCode).as(r.toString()).isZero();
    JsonNode vf = json.readTree(r.out).get("hosts").get(0).get("vfs").get(1);
    assertThat(vf.get("pci").asText()).isEqualTo("0000:e1:00.2");
    assertThat(vf.get("state").asText()).isEqualTo("unprepared");
    assertThat(vf.get("driver").asText()).isEqualTo("mlx5_core");
    assertThat(CliRun.run(home, "list", "--host", "nosuch").exitCode).isEqualTo(2);
  }

  private static void claim(Lab lab, String host, ClaimKind kind, String key, ClaimOwner owner) {
    assertThat(
            lab.host(host)
                .createExclusive(Claims.path(kind, key), ClaimFile.render(kind, key, owner)))
        .isTrue();
  }
}
