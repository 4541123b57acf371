package io.vfmigrate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.vfmigrate.lab.Lab;
import io.vfmigrate.lab.LabStore;
import io.vfmigrate.lab.state.FaultSpec;
import io.vfmigrate.lab.state.LabSpec;
import io.vfmigrate.lab.state.MigrationSpec;
import io.vfmigrate.lab.state.VmSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A {@code kill_client} fault kills a separate vfmigrate process (its own JVM) as {@code kill -9}
 * would; the lab on disk is what its commands left, and the next lab command settles its migration.
 */
class KillClientTest {
  @TempDir Path home;

  private LabStore store;

  @BeforeEach
  void prepareTheLab() {
    for (String[] args :
        List.of(
            new String[] {"lab", "init"},
            new String[] {"prepare", "--host", "src"},
            new String[] {"prepare", "--host", "dst"},
            new String[] {"attach", "vm1", "--host", "src"})) {
      CliRun r = CliRun.run(home, args);
      assertThat(r.exitCode).as(r.toString()).isZero();
    }
    store = new LabStore(home);
  }

  private void change(Consumer<LabSpec> change) {
    Lab lab = Lab.open(store);
    lab.exclusive(() -> change.accept(lab.spec()));
  }

  /** Runs {@code vfmigrate ARGS} in a JVM of its own; returns it once it has ended. */
  private Process vfmigrate(String... args) throws IOException, InterruptedException {
    Path log = home.resolve("vfmigrate.log");
    ProcessBuilder pb =
        new ProcessBuilder(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-XX:TieredStopAtLevel=1",
            "-cp",
            System.getProperty("java.class.path"),
            Main.class.getName());
    pb.command().addAll(List.of(args));
    pb.environment().put("VFMIGRATE_HOME", home.toString());
    pb.redirectErrorStream(true).redirectOutput(log.toFile());
    Process p = pb.start();
    if (!p.waitFor(5, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new AssertionError("vfmigrate did not end:\n" + Files.readString(log));
    }
    return p;
  }

  private String log() throws IOException {
    return Files.readString(home.resolve("vfmigrate.log"), StandardCharsets.UTF_8);
  }

  private static VmSpec vm(LabSpec spec, String host) {
    return spec.hosts.get(host).vms.stream()
        .filter(v -> v.name.equals("vm1"))
        .findFirst()
        .orElse(null);
  }

  @Test
  void killedInFinishTheLabKeepsWhatItsCommandsDidAndTheSourceIsLeftPaused() throws Exception {
    FaultSpec fault = new FaultSpec();
    fault.killClient = true;
    fault.vm = "vm1";
    fault.migrationPhase = "finish";
    fault.afterMs = 100;
    change(spec -> spec.hosts.get("src").faults.add(fault));

    Process p = vfmigrate("migrate", "vm1", "--from", "src", "--to", "dst");

    assertThat(p.exitValue()).as(log()).isEqualTo(137);
    LabSpec onDisk = store.load();
    assertThat(onDisk.migrations).hasSize(1);
    MigrationSpec migration = onDisk.migrations.get(0);
    assertThat(migration.phase).isEqualTo("finish");
    assertThat(migration.phaseElapsedMs).isBetween(100.0, 101.0);
    assertThat(migration.owner.pid).isEqualTo(p.pid());
    assertThat(onDisk.hosts.get("src").faults).isEmpty();
    assertThat(vm(onDisk, "src").state).isEqualTo("paused");
    assertThat(vm(onDisk, "dst").state).isEqualTo("paused");
    assertThat(onDisk.hosts.get("dst").files.keySet())
        .anyMatch(f -> f.startsWith("/run/vfmigrate/claims/"));

    LabSpec settled = Lab.open(store).read();

    assertThat(settled.migrations).isEmpty();
    assertThat(vm(settled, "dst")).isNull();
    assertThat(vm(settled, "src").state).isEqualTo("paused");
    assertThat(vm(settled, "src").stateReason).isEqualTo("migrating");
    assertThat(store.load().migrations).isEmpty();
  }

  @Test
  void killedBeforeTheThirdPollTheMigrationFailsAndTheSourceRunsOn() throws Exception {
    FaultSpec fault = new FaultSpec();
    // The monitor polls QEMU's query-migrate (libvirt's domjobinfo is read once, at the end).
    fault.command = "virsh qemu-monitor-command vm1 {\"execute\":\"query-migrate\"}";
    fault.killClient = true;
    fault.skip = 2;
    change(
        spec -> {
          spec.hosts.get("src").faults.add(fault);
          vm(spec, "src").memory = "64GiB";
        });

    Process p = vfmigrate("migrate", "vm1", "--from", "src", "--to", "dst");

    assertThat(p.exitValue()).as(log()).isEqualTo(137);
    LabSpec onDisk = store.load();
    assertThat(onDisk.migrations).hasSize(1);
    assertThat(onDisk.migrations.get(0).phase).isEqualTo("perform");
    assertThat(onDisk.migrations.get(0).owner.pid).isEqualTo(p.pid());
    assertThat(vm(onDisk, "dst").state).isEqualTo("paused");

    CliRun show = CliRun.run(home, "lab", "show");

    assertThat(show.exitCode).as(show.toString()).isZero();
    LabSpec settled = store.load();
    assertThat(settled.migrations).isEmpty();
    assertThat(vm(settled, "dst")).isNull();
    assertThat(vm(settled, "src").state).isEqualTo("running");
    assertThat(vm(settled, "src").lastJob.type).isEqualTo("Failed");
  }
}
