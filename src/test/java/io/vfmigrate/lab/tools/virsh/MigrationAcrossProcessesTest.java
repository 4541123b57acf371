package io.vfmigrate.lab.tools.virsh;

import static io.vfmigrate.lab.tools.virsh.MigrationLabFixture.migrateArgv;
import static io.vfmigrate.lab.tools.virsh.MigrationLabFixture.vm;
import static io.vfmigrate.lab.tools.virsh.MigrationOrphanTest.advanceInto;
import static io.vfmigrate.lab.tools.virsh.MigrationOrphanTest.orphan;
import static io.vfmigrate.lab.tools.virsh.MigrationOrphanTest.start;
import static io.vfmigrate.lab.tools.virsh.MigrationOrphanTest.virsh;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.vfmigrate.host.CommandResult;
import io.vfmigrate.host.RunningCommand;
import io.vfmigrate.lab.Lab;
import io.vfmigrate.lab.LabStore;
import io.vfmigrate.lab.LabYaml;
import io.vfmigrate.lab.state.LabSpec;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A migration in a lab that two vfmigrate processes (two labs over one store) work on. */
public class MigrationAcrossProcessesTest {
  @TempDir Path home;

  private LabStore store() {
    LabStore store = new LabStore(home);
    store.init(MigrationLabFixture.prepared().spec());
    return store;
  }

  @Test
  void aMigrationAdvancedByTwoProcessesEndsExactlyAsInOne() {
    Lab alone = MigrationLabFixture.prepared();
    CommandResult expected =
        start(alone, migrateArgv()).waitFor(Duration.ofMinutes(1)).orElseThrow();
    LabStore store = store();
    Lab owner = Lab.open(store);
    Lab other = Lab.open(store);
    RunningCommand process = start(owner, migrateArgv());

    for (int i = 0; i < 600 && process.poll().isEmpty(); i++) {
      (i % 2 == 0 ? owner : other).clock().sleep(Duration.ofMillis(100));
      virsh(other, "src", "domjobinfo", "vm1");
    }

    CommandResult result = process.poll().orElseThrow();
    assertThat(result.stderr()).isEqualTo(expected.stderr());
    assertThat(result.duration()).isEqualTo(expected.duration());
    LabSpec onDisk = store.load();
    assertThat(onDisk.migrations).isEmpty();
    JsonNode job = LabYaml.mapper().valueToTree(vm(onDisk, "dst", "vm1").lastJob);
    JsonNode alsoAlone = LabYaml.mapper().valueToTree(vm(alone.spec(), "dst", "vm1").lastJob);
    assertThat(job).isEqualTo(alsoAlone);
  }

  @Test
  void anotherProcessSettlesTheOrphanAtItsNextCommand() throws Exception {
    LabStore store = new LabStore(home);
    store.init(MigrationLabFixture.prepared().spec());
    Lab first = Lab.open(store);
    Lab second = Lab.open(store);
    start(first, migrateArgv());
    advanceInto(first, "finish");
    assertThat(virsh(second, "src", "domjobinfo", "vm1")).startsWith("Job type:         Unbounded");
    orphan(first);

    assertThat(virsh(second, "src", "domstate", "vm1", "--reason"))
        .isEqualTo("paused (migrating)\n\n");

    LabSpec onDisk = store.load();
    assertThat(onDisk.migrations).isEmpty();
    assertThat(onDisk.hosts.get("dst").vms).isEmpty();
    assertThat(vm(onDisk, "src", "vm1").state).isEqualTo("paused");
  }

  @Test
  void theOwnersHandleFollowsTheMigrationThatAnotherProcessAborted() {
    LabStore store = new LabStore(home);
    store.init(MigrationLabFixture.prepared().spec());
    Lab owner = Lab.open(store);
    Lab other = Lab.open(store);
    RunningCommand process = start(owner, migrateArgv());
    other.clock().advance(Duration.ofSeconds(1));
    assertThat(process.poll()).isEmpty();

    assertThat(virsh(other, "src", "domjobabort", "vm1")).isEqualTo("\n");

    CommandResult result = process.poll().orElseThrow();
    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.stderr())
        .endsWith("error: operation aborted: job 'migration out' canceled by client\n");
    assertThat(store.load().migrations).isEmpty();
  }
}
