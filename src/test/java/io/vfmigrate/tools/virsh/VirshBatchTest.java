package io.vfmigrate.tools.virsh;

import static org.assertj.core.api.Assertions.assertThat;

import io.vfmigrate.host.Command;
import io.vfmigrate.host.CommandResult;
import io.vfmigrate.host.Read;
import io.vfmigrate.host.ReadResult;
import io.vfmigrate.tools.FakeHost;
import io.vfmigrate.tools.FakeHost.Fixtures;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Batched virsh reads against libvirt 9.0's own answers (captured on the real lab): the batch with
 * a known marker, and each command run alone.
 */
class VirshBatchTest {
  private static final String URI = "qemu+unix:///system?socket=/run/A/libvirt-sock";
  private static final String MARKER = "vfmigrate-0000abcd";
  private static final String DIR = "real/virsh-batch/";
  private static final String QMP = "{\"execute\":\"query-status\"}";

  private static Read virsh(String... words) {
    List<String> argv = new java.util.ArrayList<>(List.of("virsh", "-c", URI));
    argv.addAll(List.of(words));
    return new Read.Run(Command.of(argv));
  }

  private static final List<Read> READS =
      List.of(
          virsh("domstate", "vm1"),
          virsh("domstate", "nosuch"),
          virsh("list", "--all", "--name"),
          virsh("qemu-monitor-command", "vm1", QMP));

  private static final List<String> ALONE =
      List.of("domstate_vm1", "domstate_nosuch", "list_all_name", "qmp");

  private static String fixture(String name) {
    return Fixtures.read(DIR + name);
  }

  private static int exit(String name) {
    return Integer.parseInt(fixture(name + ".rc").strip().substring("rc=".length()));
  }

  private static String ids(String text) {
    return text.replaceAll("\"id\":\"libvirt-\\d+\"", "\"id\":\"libvirt-N\"");
  }

  private static FakeHost batchAnswering(String answer) {
    FakeHost host = new FakeHost("src");
    host.on("virsh", "-c", URI, fixture("script.txt").strip())
        .answer(exit(answer), fixture(answer + ".stdout"), fixture(answer + ".stderr"));
    return host;
  }

  @Test
  void dashVShowsABatchAsItsCommandsWithoutTheMarkersAndAsRunnable() {
    List<String> argv = List.of("virsh", "-c", URI, fixture("script.txt").strip());

    assertThat(VirshBatch.shown(argv))
        .containsExactly(
            "virsh",
            "-c",
            URI,
            "domstate vm1 ; domstate nosuch ; list --all --name ; qemu-monitor-command vm1 '"
                + QMP
                + "'");
    // What is not a batch is shown as it ran.
    List<String> alone = List.of("virsh", "domstate", "vm1");
    assertThat(VirshBatch.shown(alone)).isEqualTo(alone);
    List<String> echo = List.of("virsh", "echo --err hello");
    assertThat(VirshBatch.shown(echo)).isEqualTo(echo);
  }

  @Test
  void theScriptIsTheOneReplayedOnTheRealLab() {
    List<Command> commands = READS.stream().map(r -> ((Read.Run) r).command()).toList();
    VirshBatch.Connection c = VirshBatch.connection(READS.get(0)).orElseThrow();

    assertThat(VirshBatch.script(c, commands, MARKER).argv())
        .containsExactly("virsh", "-c", URI, fixture("script.txt").strip());
  }

  @Test
  void eachCommandGetsByteForByteWhatItPrintsAloneAndFailsAsAlone() {
    FakeHost host = batchAnswering("batch");

    List<ReadResult> results = VirshBatch.readAll(host, READS, MARKER);

    assertThat(host.commands()).hasSize(1);
    for (int i = 0; i < READS.size(); i++) {
      CommandResult r = results.get(i).commandResult();
      String alone = ALONE.get(i);
      assertThat(r.command()).isEqualTo(((Read.Run) READS.get(i)).command());
      // QEMU numbers its replies: the command run alone was the next one.
      assertThat(ids(r.stdout())).as(alone).isEqualTo(ids(fixture(alone + ".stdout")));
      assertThat(r.stderr()).as(alone).isEqualTo(fixture(alone + ".stderr"));
      assertThat(r.exitCode()).as(alone).isEqualTo(exit(alone));
    }
  }

  @Test
  void aVirshThatCannotConnectLeavesEachCommandToRunAloneAndSayWhy() {
    FakeHost host = batchAnswering("noconnect");
    for (Read r : READS) {
      host.on(((Read.Run) r).command().argv().toArray(String[]::new))
          .answer(1, "", fixture("noconnect.stderr"));
    }

    List<ReadResult> results = VirshBatch.readAll(host, READS, MARKER);

    assertThat(host.commands()).hasSize(1 + READS.size());
    assertThat(results)
        .allSatisfy(
            r -> {
              assertThat(r.commandResult().exitCode()).isEqualTo(1);
              assertThat(r.commandResult().stderr())
                  .contains("error: failed to connect to the hypervisor");
            });
  }

  @Test
  void otherReadsKeepTheirOrderAndRunAsTheyAre() {
    FakeHost host = batchAnswering("batch");
    host.on("uname", "-r").stdout("6.1.0\n");
    List<Read> reads =
        List.of(READS.get(0), Read.run("uname", "-r"), READS.get(1), READS.get(2), READS.get(3));

    List<ReadResult> results = VirshBatch.readAll(host, reads, MARKER);

    assertThat(results).extracting(ReadResult::read).containsExactlyElementsOf(reads);
    assertThat(results.get(1).commandResult().stdout()).isEqualTo("6.1.0\n");
    assertThat(results.get(0).commandResult().stdout()).isEqualTo("running\n\n");
  }

  @Test
  void onlyReadOnlyCommandsOfOneConnectionWithoutStdinOrQuotesAreBatched() {
    assertThat(VirshBatch.connection(virsh("domstate", "vm1"))).isPresent();
    assertThat(VirshBatch.connection(Read.run("virsh", "version"))).isPresent();
    assertThat(VirshBatch.connection(virsh("migrate", "--live", "vm1", "qemu+ssh://b/system")))
        .isEmpty();
    assertThat(VirshBatch.connection(virsh("domstate", "it's"))).isEmpty();
    assertThat(VirshBatch.connection(virsh("domstate", "a\nb"))).isEmpty();
    assertThat(
            VirshBatch.connection(
                new Read.Run(Command.of("virsh", "hypervisor-cpu-compare").withStdin("<cpu/>"))))
        .isEmpty();
    assertThat(VirshBatch.connection(Read.run("uname", "-r"))).isEmpty();
    assertThat(VirshBatch.connection(virsh("domstate", "vm1")))
        .isNotEqualTo(VirshBatch.connection(Read.run("virsh", "domstate", "vm1")));
  }

  @Test
  void aSingleVirshReadIsNotRewritten() {
    FakeHost host = new FakeHost("src");
    host.on("virsh", "-c", URI, "domstate", "vm1").stdout("running\n\n");

    List<ReadResult> results = VirshBatch.readAll(host, List.of(READS.get(0)), MARKER);

    assertThat(host.argvs()).containsExactly(List.of("virsh", "-c", URI, "domstate", "vm1"));
    assertThat(results.get(0).commandResult().stdout()).isEqualTo("running\n\n");
  }
}
