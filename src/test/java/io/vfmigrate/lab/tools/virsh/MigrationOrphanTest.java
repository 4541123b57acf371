package io.vfmigrate.lab.tools.virsh;

import static io.vfmigrate.lab.tools.virsh.MigrationLabFixture.DST_VF;
import static io.vfmigrate.lab.tools.virsh.MigrationLabFixture.SRC_VF;
import static io.vfmigrate.lab.tools.virsh.MigrationLabFixture.migrateArgv;
import static io.vfmigrate.lab.tools.virsh.MigrationLabFixture.vf;
import static io.vfmigrate.lab.tools.virsh.MigrationLabFixture.vm;
import static org.assertj.core.api.Assertions.assertThat;

import io.vfmigrate.host.Command;
import io.vfmigrate.host.CommandResult;
import io.vfmigrate.host.RunningCommand;
import io.vfmigrate.lab.Lab;
import io.vfmigrate.lab.state.LabSpec;
import io.vfmigrate.lab.state.MigrationSpec;
import io.vfmigrate.lab.state.OwnerSpec;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A migration whose vfmigrate process died is settled at the next lab command, as libvirt settles a
 * migration whose client disconnected, by the phase it was in.
 */
public class MigrationOrphanTest {
  /** The owner of a process that has ended: a child that ran {@code true}. */
  static OwnerSpec deadOwner() throws IOException, InterruptedException {
    Process p = new ProcessBuilder("true").start();
    p.waitFor();
    OwnerSpec owner = new OwnerSpec();
    owner.pid = p.pid();
    return owner;
  }

  static RunningCommand start(Lab lab, List<String> argv) {
    return lab.exclusive(
        () -> MigrationCommands.start(lab.host("src").context(), Command.of(argv)).orElseThrow());
  }

  static String virsh(Lab lab, String host, String... args) {
    List<String> argv = new ArrayList<>(List.of("virsh"));
    argv.addAll(List.of(args));
    CommandResult r = lab.host(host).run(Command.of(argv));
    return r.stdout() + r.stderr();
  }

  static MigrationSpec migration(Lab lab) {
    return lab.read().migrations.get(0);
  }

  /** Advances the clock until the migration is in {@code phase}, then a little into it. */
  static void advanceInto(Lab lab, String phase) {
    for (int i = 0; i < 600 && !phase.equals(migration(lab).phase); i++) {
      lab.clock().advance(Duration.ofMillis(10));
    }
    assertThat(migration(lab).phase).isEqualTo(phase);
    lab.clock().advance(Duration.ofMillis(50));
    assertThat(migration(lab).phase).isEqualTo(phase);
  }

  static void orphan(Lab lab) throws IOException, InterruptedException {
    OwnerSpec dead = deadOwner();
    lab.exclusive(() -> lab.spec().migrations.get(0).owner = dead);
  }

  @Test
  void killedBeforeQemuStartedTheSourceRunsOnAndTheIncomingDomainIsDestroyed() throws Exception {
    Lab lab = MigrationLabFixture.prepared(s -> vf(s, "dst", 1).driver = "pci-stub");
    start(lab, migrateArgv());
    lab.clock().advance(Duration.ofMillis(100));
    assertThat(migration(lab).phase).isEqualTo("begin");
    orphan(lab);

    assertThat(virsh(lab, "src", "domstate", "vm1", "--reason")).isEqualTo("running (booted)\n\n");

    LabSpec spec = lab.spec();
    assertThat(spec.migrations).isEmpty();
    assertThat(vm(spec, "src", "vm1").interfaces.get(1).pci).isEqualTo(SRC_VF);
    assertThat(vf(spec, "src", 0).driver).isEqualTo("mlx5_vfio_pci");
    assertThat(spec.hosts.get("dst").vms).isEmpty();
    assertThat(vf(spec, "dst", 1).driver).isEqualTo("pci-stub");
    assertThat(vm(spec, "src", "vm1").lastJob).isNull();
  }

  @Test
  void killedDuringPerformTheJobFailsAndTheSourceRunsOnWithItsVf() throws Exception {
    Lab lab = MigrationLabFixture.prepared(s -> vf(s, "dst", 1).driver = "pci-stub");
    start(lab, migrateArgv());
    advanceInto(lab, "perform");
    assertThat(vf(lab.spec(), "dst", 1).driver).isEqualTo("mlx5_vfio_pci");
    orphan(lab);

    assertThat(virsh(lab, "src", "domstate", "vm1")).isEqualTo("running\n\n");

    LabSpec spec = lab.spec();
    assertThat(spec.migrations).isEmpty();
    assertThat(vm(spec, "src", "vm1").interfaces.get(1).pci).isEqualTo(SRC_VF);
    assertThat(spec.hosts.get("dst").vms).isEmpty();
    assertThat(vf(spec, "dst", 1).driver).isEqualTo("pci-stub");
    assertThat(vf(spec, "dst", 1).detached).isTrue();
    assertThat(vm(spec, "src", "vm1").lastJob.type).isEqualTo("Failed");
    assertThat(virsh(lab, "src", "qemu-monitor-command", "vm1", "{\"execute\":\"query-migrate\"}"))
        .contains(
            "\"status\":\"failed\",\"error-desc\":\"Unable to write to socket: Connection reset by"
                + " peer\"");
  }

  private static Lab orphanedInPerformWithTheLinkCut() throws Exception {
    Lab lab = MigrationLabFixture.prepared(s -> vf(s, "dst", 1).driver = "pci-stub");
    start(lab, migrateArgv());
    advanceInto(lab, "perform");
    lab.exclusive(() -> lab.spec().link.up = false);
    orphan(lab);
    return lab;
  }

  /**
   * qemu_migration.c qemuMigrationSrcPerformPhase takes the close callback away for the Perform
   * call: the source's job outlives virsh, and with the link cut QEMU cannot learn that the
   * destination destroyed the incoming QEMU.
   */
  @Test
  void killedDuringPerformWhileTheLinkIsCutTheJobRunsOnUntilTheLinkComesBack() throws Exception {
    Lab lab = orphanedInPerformWithTheLinkCut();

    assertThat(virsh(lab, "src", "domjobinfo", "vm1"))
        .startsWith("Job type:         Unbounded   \nOperation:        Outgoing migration\n");
    assertThat(virsh(lab, "src", "domstate", "vm1")).isEqualTo("running\n\n");
    assertThat(virsh(lab, "dst", "domstate", "vm1"))
        .as("the destination destroyed the incoming domain with virsh's connection")
        .isEqualTo("\nerror: failed to get domain 'vm1'\n");
    assertThat(vf(lab.spec(), "dst", 1).driver).isEqualTo("pci-stub");
    lab.clock().advance(Duration.ofMinutes(5));
    assertThat(virsh(lab, "src", "domjobinfo", "vm1")).startsWith("Job type:         Unbounded");

    lab.exclusive(() -> lab.spec().link.up = true);
    lab.clock().advance(Duration.ofMillis(100));

    LabSpec spec = lab.spec();
    assertThat(spec.migrations).isEmpty();
    assertThat(vm(spec, "src", "vm1").lastJob.type).isEqualTo("Failed");
    assertThat(vm(spec, "src", "vm1").interfaces.get(1).pci).isEqualTo(SRC_VF);
    assertThat(virsh(lab, "src", "domstate", "vm1")).isEqualTo("running\n\n");
  }

  @Test
  void killedDuringPerformWhileTheLinkIsCutTheJobCanStillBeAborted() throws Exception {
    Lab lab = orphanedInPerformWithTheLinkCut();

    assertThat(virsh(lab, "src", "domjobabort", "vm1")).isEqualTo("\n");

    assertThat(lab.spec().migrations).isEmpty();
    assertThat(vm(lab.spec(), "src", "vm1").lastJob.type).isEqualTo("Cancelled");
    assertThat(virsh(lab, "src", "domjobinfo", "vm1")).startsWith("Job type:         None");
  }

  @Test
  void killedAfterPerformBeforeFinishTheVmRunsNowhereUntilTheSourceIsResumed() throws Exception {
    Lab lab = MigrationLabFixture.prepared();
    start(lab, migrateArgv());
    advanceInto(lab, "finish");
    assertThat(virsh(lab, "src", "domstate", "vm1", "--reason"))
        .isEqualTo("paused (migrating)\n\n");
    assertThat(virsh(lab, "dst", "domstate", "vm1", "--reason"))
        .isEqualTo("paused (migrating)\n\n");
    orphan(lab);

    assertThat(virsh(lab, "src", "domstate", "vm1", "--reason"))
        .isEqualTo("paused (migrating)\n\n");
    assertThat(virsh(lab, "dst", "domstate", "vm1"))
        .isEqualTo("\nerror: failed to get domain 'vm1'\n");
    assertThat(lab.spec().migrations).isEmpty();
    assertThat(vm(lab.spec(), "src", "vm1").interfaces.get(1).pci).isEqualTo(SRC_VF);

    assertThat(virsh(lab, "src", "resume", "vm1")).isEqualTo("Domain 'vm1' resumed\n\n");
    assertThat(virsh(lab, "src", "domstate", "vm1", "--reason"))
        .isEqualTo("running (unpaused)\n\n");
  }

  @Test
  void killedAfterFinishTheDestinationRunsAndTheSourceIsLeftPaused() throws Exception {
    Lab lab = MigrationLabFixture.prepared();
    start(lab, migrateArgv());
    advanceInto(lab, "confirm");
    orphan(lab);

    assertThat(virsh(lab, "dst", "domstate", "vm1", "--reason"))
        .isEqualTo("running (migrated)\n\n");
    assertThat(virsh(lab, "src", "domstate", "vm1", "--reason"))
        .isEqualTo("paused (migrating)\n\n");
    LabSpec spec = lab.spec();
    assertThat(spec.migrations).isEmpty();
    assertThat(vm(spec, "dst", "vm1").interfaces.get(1).pci).isEqualTo(DST_VF);
    assertThat(vm(spec, "dst", "vm1").lastJob.type).isEqualTo("Completed");
    assertThat(vf(spec, "src", 0).driver).isEqualTo("mlx5_vfio_pci");
  }

  @Test
  void aPeerToPeerMigrationCarriesOnWhenItsClientDies() throws Exception {
    Lab lab = MigrationLabFixture.prepared();
    List<String> argv = new ArrayList<>(migrateArgv());
    argv.add(2, "--p2p");
    start(lab, argv);
    lab.clock().advance(Duration.ofSeconds(1));
    orphan(lab);

    lab.clock().advance(Duration.ofSeconds(10));

    assertThat(lab.spec().migrations).isEmpty();
    assertThat(virsh(lab, "dst", "domstate", "vm1", "--reason"))
        .isEqualTo("running (migrated)\n\n");
    assertThat(lab.spec().hosts.get("src").vms).isEmpty();
  }

  @Test
  void aReusedPidIsNotTheOwner() {
    Lab lab = MigrationLabFixture.prepared();
    start(lab, migrateArgv());
    lab.clock().advance(Duration.ofSeconds(1));
    lab.exclusive(
        () -> {
          OwnerSpec impostor = new OwnerSpec();
          impostor.pid = lab.self().pid;
          impostor.started = "2000-01-01T00:00:00Z";
          lab.spec().migrations.get(0).owner = impostor;
        });

    assertThat(virsh(lab, "src", "domstate", "vm1")).isEqualTo("running\n\n");
    assertThat(lab.spec().migrations).isEmpty();
    assertThat(lab.spec().hosts.get("dst").vms).isEmpty();
  }
}
