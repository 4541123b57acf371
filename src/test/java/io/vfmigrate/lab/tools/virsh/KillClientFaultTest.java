package io.vfmigrate.lab.tools.virsh;

import static io.vfmigrate.lab.tools.virsh.MigrationLabFixture.migrateArgv;
import static org.assertj.core.api.Assertions.assertThat;

import io.vfmigrate.host.Command;
import io.vfmigrate.host.CommandResult;
import io.vfmigrate.host.RunningCommand;
import io.vfmigrate.lab.Lab;
import io.vfmigrate.lab.LabStore;
import io.vfmigrate.lab.state.FaultSpec;
import io.vfmigrate.lab.state.LabSpec;
import io.vfmigrate.lab.state.MigrationSpec;
import io.vfmigrate.lab.state.OwnerSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code kill_client} faults, with a killer that records instead of killing this JVM (the real kill
 * of a separate vfmigrate process is in the CLI's KillClientTest).
 */
public class KillClientFaultTest {
  /** Records the kills; the lab goes on as if nothing happened. */
  static final class Recorder implements Lab.ClientKiller {
    final List<String> kills = new ArrayList<>();
    long clockAtKill = -1;
    LabSpec spec;

    @Override
    public void killSelf() {
      kills.add("self");
      if (spec != null) {
        clockAtKill = spec.clockMs;
      }
    }

    @Override
    public void kill(OwnerSpec other) {
      kills.add("pid " + other.pid);
    }
  }

  private static FaultSpec commandKill(String command, boolean after, int skip) {
    FaultSpec fault = new FaultSpec();
    fault.command = command;
    fault.killClient = true;
    fault.after = after;
    fault.skip = skip;
    return fault;
  }

  @Test
  void aCommandFaultKillsBeforeTheCommandRunsOnceItsSkipsAreUsed() {
    LabSpec spec = LabStore.defaultSpec();
    spec.hosts.get("src").faults.add(commandKill("systemctl start openvswitch", false, 1));
    Recorder killer = new Recorder();
    Lab lab = new Lab(spec, killer);

    CommandResult first = lab.host("src").run(Command.of("systemctl", "start", "openvswitch"));
    assertThat(first.exitCode()).isZero();
    assertThat(killer.kills).isEmpty();
    lab.host("src").run(Command.of("systemctl", "stop", "openvswitch"));

    CommandResult second = lab.host("src").run(Command.of("systemctl", "start", "openvswitch"));

    assertThat(killer.kills).containsExactly("self");
    assertThat(second.exitCode()).isEqualTo(137);
    assertThat(lab.spec().hosts.get("src").services.get("openvswitch")).isEqualTo("inactive");
    assertThat(lab.spec().hosts.get("src").faults).isEmpty();
  }

  @Test
  void aCommandFaultAfterKillsOnceTheCommandRan() {
    LabSpec spec = LabStore.defaultSpec();
    spec.hosts.get("src").faults.add(commandKill("systemctl start openvswitch", true, 0));
    Recorder killer = new Recorder();
    Lab lab = new Lab(spec, killer);

    lab.host("src").run(Command.of("systemctl", "start", "openvswitch"));

    assertThat(killer.kills).containsExactly("self");
    assertThat(lab.spec().hosts.get("src").services.get("openvswitch")).isEqualTo("active");
  }

  @Test
  void aKillAfterVirshMigrateStartedLeavesTheMigrationRunningInTheLab() {
    Recorder killer = new Recorder();
    Lab lab =
        new Lab(
            MigrationLabFixture.prepared(
                    s -> s.hosts.get("src").faults.add(commandKill("virsh migrate", true, 0)))
                .spec(),
            killer);

    RunningCommand process = lab.host("src").start(Command.of(migrateArgv()));

    assertThat(killer.kills).containsExactly("self");
    assertThat(lab.spec().migrations).hasSize(1);
    assertThat(lab.spec().migrations.get(0).phase).isEqualTo("begin");
    assertThat(lab.spec().migrations.get(0).owner.pid).isEqualTo(lab.self().pid);
    assertThat(process.poll()).isEmpty();
  }

  @Test
  void aMigrationPhaseFaultKillsTheOwnerAtItsInstantInThePhase() {
    FaultSpec fault = new FaultSpec();
    fault.killClient = true;
    fault.vm = "vm1";
    fault.migrationPhase = "finish";
    fault.afterMs = 120;
    Recorder killer = new Recorder();
    Lab lab =
        new Lab(
            MigrationLabFixture.prepared(s -> s.hosts.get("src").faults.add(fault)).spec(), killer);
    killer.spec = lab.spec();
    lab.exclusive(
        () -> MigrationCommands.start(lab.host("src").context(), Command.of(migrateArgv())));

    lab.clock().advance(Duration.ofSeconds(10));

    assertThat(killer.kills).containsExactly("self");
    MigrationSpec migration = lab.spec().migrations.get(0);
    assertThat(migration.phase).isEqualTo("finish");
    assertThat(migration.phaseElapsedMs).isBetween(120.0, 121.0);
    assertThat(lab.spec().clockMs).isEqualTo(migration.startedAtMs + migration.elapsedMs);
    assertThat(lab.spec().hosts.get("src").faults).isEmpty();
  }

  @Test
  void aMigrationPhaseFaultKillsAnotherOwnerAndSettlesItsMigrationAtOnce() throws Exception {
    FaultSpec fault = new FaultSpec();
    fault.killClient = true;
    fault.vm = "vm1";
    fault.migrationPhase = "perform";
    fault.afterMs = 300;
    Recorder killer = new Recorder();
    Lab lab =
        new Lab(
            MigrationLabFixture.prepared(s -> s.hosts.get("src").faults.add(fault)).spec(), killer);
    lab.exclusive(
        () -> MigrationCommands.start(lab.host("src").context(), Command.of(migrateArgv())));
    // Another vfmigrate process, alive: the recorder leaves it alive, the lab settles at once.
    Process sleeper = new ProcessBuilder("sleep", "60").start();
    try {
      OwnerSpec other = new OwnerSpec();
      other.pid = sleeper.pid();
      other.started = sleeper.info().startInstant().map(Object::toString).orElse(null);
      lab.exclusive(() -> lab.spec().migrations.get(0).owner = other);

      lab.clock().advance(Duration.ofSeconds(2));

      assertThat(killer.kills).containsExactly("pid " + sleeper.pid());
    } finally {
      sleeper.destroyForcibly();
    }
    assertThat(lab.spec().migrations).isEmpty();
    assertThat(lab.spec().hosts.get("dst").vms).isEmpty();
    assertThat(lab.spec().hosts.get("src").vms.get(0).state).isEqualTo("running");
  }
}
