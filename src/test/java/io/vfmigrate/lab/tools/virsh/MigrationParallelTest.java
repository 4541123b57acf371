package io.vfmigrate.lab.tools.virsh;

import static org.assertj.core.api.Assertions.assertThat;

import io.vfmigrate.host.Command;
import io.vfmigrate.host.CommandResult;
import io.vfmigrate.lab.Lab;
import io.vfmigrate.tools.virsh.MigrationCapabilities;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code virsh migrate --parallel}: multifd in the lab, and QEMU's capability queries. */
class MigrationParallelTest {
  /** The workflow's argv with {@code options} before the domain. */
  private static CommandResult start(Lab lab, String... options) {
    List<String> argv = new ArrayList<>(MigrationLabFixture.migrateArgv());
    argv.addAll(argv.indexOf("vm1"), List.of(options));
    return MigrationCommands.start(lab.host("src").context(), Command.of(argv))
        .orElseThrow()
        .poll()
        .orElse(null);
  }

  private static String monitor(Lab lab, String json) {
    return MigrationCommands.run(
            lab.host("src").context(), List.of("virsh", "qemu-monitor-command", "vm1", json))
        .stdout();
  }

  @Test
  void connectionsWithoutParallelAreRefusedAsLibvirtDoes() {
    Lab lab = MigrationLabFixture.prepared();
    CommandResult r = start(lab, "--parallel-connections", "4");

    assertThat(r).isNotNull();
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.stderr())
        .isEqualTo("error: invalid argument: Turn parallel migration on to tune it\n");
  }

  @Test
  void aParallelMigrationRunsWithItsChannelsAndSaysSoInItsCapabilities() {
    Lab lab = MigrationLabFixture.prepared();
    assertThat(start(lab, "--parallel", "--parallel-connections", "6")).isNull();

    MigrationCapabilities caps =
        MigrationCapabilities.parse(monitor(lab, "{\"execute\":\"query-migrate-capabilities\"}"));
    assertThat(caps.state("multifd")).contains(true);
    assertThat(caps.state("switchover-ack")).contains(true);
    assertThat(lab.spec().migrations).hasSize(1);
    assertThat(lab.spec().migrations.get(0).model.multifdChannels).isEqualTo(6);
  }

  @Test
  void qemu91HasNoMultifdDeviceStateProperty() {
    Lab lab = MigrationLabFixture.prepared();
    String props =
        monitor(
            lab,
            "{\"execute\":\"device-list-properties\",\"arguments\":{\"typename\":\"vfio-pci\"}}");

    assertThat(props).contains("enable-migration").doesNotContain("x-migration-multifd-transfer");
  }
}
