package io.vfmigrate.lab.tools.virsh;

import static io.vfmigrate.lab.tools.virsh.MigrationLabFixture.migrateArgv;
import static org.assertj.core.api.Assertions.assertThat;

import io.vfmigrate.host.Command;
import io.vfmigrate.host.CommandResult;
import io.vfmigrate.host.RunningCommand;
import io.vfmigrate.lab.Lab;
import io.vfmigrate.lab.machine.migration.MigrationRun;
import io.vfmigrate.lab.state.MigrationSpec;
import io.vfmigrate.lab.tools.ToolOutput;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * What a migration looks like from the side, against the real libvirt 9.0 / QEMU 7.2 captures of
 * 2026-12-03 (fixtures/real/README.md): query-migrate that waits for the job, the incoming domain's
 * state, and the raw job statistics of a libvirt without vfio_data_transferred.
 */
public class MonitorFidelityTest {
  private static final String QUERY_MIGRATE = "{\"execute\":\"query-migrate\"}";

  private static ToolOutput virsh(Lab lab, String host, String... args) {
    List<String> argv = new ArrayList<>();
    argv.add("virsh");
    argv.addAll(List.of(args));
    return lab.exclusive(
        () -> new VirshEmulator().run(lab.host(host).context(), argv, java.util.Optional.empty()));
  }

  private static RunningCommand start(Lab lab) {
    return MigrationCommands.start(lab.host("src").context(), Command.of(migrateArgv()))
        .orElseThrow();
  }

  private static MigrationSpec migration(Lab lab) {
    return lab.spec().migrations.get(0);
  }

  @Test
  void theDestinationsQueryWaitsForTheIncomingJobThenSaysCompleted() {
    Lab lab = MigrationLabFixture.prepared();
    RunningCommand process = start(lab);
    lab.clock().sleep(Duration.ofSeconds(1));
    long asked = lab.spec().clockMs;

    ToolOutput out = virsh(lab, "dst", "qemu-monitor-command", "vm1", QUERY_MIGRATE);

    assertThat(out.exitCode()).isZero();
    assertThat(withoutId(out.stdout()))
        .isEqualTo(withoutId(real("query-migrate-dst-during-blocked.txt")));
    // It answered only once the incoming job had ended: the destination runs the domain.
    assertThat(lab.spec().clockMs).isGreaterThan(asked);
    assertThat(MigrationLabFixture.vm(lab.spec(), "dst", "vm1").state).isEqualTo("running");
    assertThat(migration(lab).phase).isIn(MigrationRun.CONFIRM, MigrationRun.ENDED);
    assertThat(process.waitFor(Duration.ofMinutes(1))).isPresent();
  }

  @Test
  void theSourcesQueryAtTheEndWaitsThenFindsTheDomainGone() {
    Lab lab = MigrationLabFixture.prepared();
    RunningCommand process = start(lab);
    while (!MigrationRun.FINISH.equals(migration(lab).phase)) {
      lab.clock().advance(Duration.ofMillis(10));
    }
    long asked = lab.spec().clockMs;

    ToolOutput out = virsh(lab, "src", "qemu-monitor-command", "vm1", QUERY_MIGRATE);

    assertThat(out.exitCode()).isEqualTo(1);
    assertThat(out.stderr()).isEqualTo(real("query-migrate-src-at-end.stderr"));
    assertThat(lab.spec().clockMs - asked)
        .isGreaterThanOrEqualTo(MigrationRun.CONFIRM_MS)
        .isLessThanOrEqualTo(MigrationRun.FINISH_MS + MigrationRun.CONFIRM_MS + 100);
    CommandResult result = process.poll().orElseThrow();
    assertThat(result.exitCode()).isZero();
  }

  @Test
  void whileTransferringTheSourceAnswersAtOnce() {
    Lab lab = MigrationLabFixture.prepared();
    start(lab);
    lab.clock().sleep(Duration.ofSeconds(1));
    long asked = lab.spec().clockMs;

    ToolOutput out = virsh(lab, "src", "qemu-monitor-command", "vm1", QUERY_MIGRATE);

    assertThat(out.stdout()).contains("\"status\":\"active\"");
    assertThat(lab.spec().clockMs).isEqualTo(asked);
  }

  @Test
  void aDomainThatArrivedByMigrationStillSaysCompletedWhenItsNextMigrationBegins() {
    Lab lab = MigrationLabFixture.prepared();
    start(lab).waitFor(Duration.ofMinutes(1));
    // Back from dst to src, with src's VF 0 prepared again and the XML pointing at it.
    MigrationLabFixture.prepare(MigrationLabFixture.vf(lab.spec(), "src", 0));
    lab.spec()
        .hosts
        .get("dst")
        .files
        .put(
            MigrationLabFixture.XML_FILE,
            MigrationLabFixture.domainXml("vm1", MigrationLabFixture.SRC_VF));
    List<String> back = new ArrayList<>(migrateArgv());
    back.set(back.size() - 1, "qemu+ssh://192.0.2.11/system");
    assertThat(MigrationCommands.start(lab.host("dst").context(), Command.of(back))).isPresent();
    assertThat(migration(lab).phase).isEqualTo(MigrationRun.BEGIN);

    ToolOutput out = virsh(lab, "dst", "qemu-monitor-command", "vm1", QUERY_MIGRATE);

    assertThat(withoutId(out.stdout()))
        .isEqualTo(withoutId(real("query-migrate-dst-3s-after.txt")));
  }

  @Test
  void theIncomingDomainIsPausedForTheMigration() {
    Lab lab = MigrationLabFixture.prepared();
    start(lab);
    lab.clock().sleep(Duration.ofSeconds(1));

    assertThat(virsh(lab, "dst", "domstate", "vm1", "--reason").stdout())
        .isEqualTo(real("domstate-reason-incoming.txt"));
  }

  @Test
  void libvirt90RawStatsHaveNoVfioDataTransferred() {
    Lab lab =
        MigrationLabFixture.prepared(
            s -> s.hosts.values().forEach(h -> h.packages.put("libvirt", "9.0.0")));
    start(lab);
    lab.clock().sleep(Duration.ofSeconds(1));

    String raw = virsh(lab, "src", "domjobinfo", "vm1", "--rawstats").stdout();

    // The same parameters as real libvirt 9.0 prints during a migration, in its order.
    assertThat(keys(raw)).isEqualTo(keys(real("domjobinfo-rawstats-during-9.0.txt")));
    assertThat(raw).doesNotContain("vfio_data_transferred");
  }

  private static List<String> keys(String raw) {
    Set<String> keys = new LinkedHashSet<>();
    for (String line : raw.split("\n")) {
      if (line.contains(":")) {
        keys.add(line.substring(0, line.indexOf(':')));
      }
    }
    return List.copyOf(keys);
  }

  private static String withoutId(String reply) {
    return reply.replaceAll("\"id\":\"libvirt-\\d+\"", "\"id\":\"libvirt-N\"").strip();
  }

  private static String real(String name) {
    try (InputStream in = MonitorFidelityTest.class.getResourceAsStream("/fixtures/real/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }
}
