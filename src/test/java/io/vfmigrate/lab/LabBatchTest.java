package io.vfmigrate.lab;

import static org.assertj.core.api.Assertions.assertThat;

import io.vfmigrate.host.Command;
import io.vfmigrate.host.Host;
import io.vfmigrate.host.Read;
import io.vfmigrate.host.ReadResult;
import io.vfmigrate.lab.state.FaultSpec;
import io.vfmigrate.lab.state.LabSpec;
import io.vfmigrate.testing.BoundedWait;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A batch of reads on a lab host ({@link LabHost#readAll}) is one lab operation, as on a real host
 * it is one exec of a script: one lock, one look for another process's changes, one save; each read
 * still gives what it gives alone.
 */
class LabBatchTest {
  private static final String PF = "/sys/bus/pci/devices/0000:e1:00.0";

  @TempDir Path home;

  private static FaultSpec fault(String command, String stdout) {
    FaultSpec fault = new FaultSpec();
    fault.command = command;
    fault.exitCode = 3;
    fault.stdout = stdout;
    return fault;
  }

  private static FaultSpec kill(String command, boolean after) {
    FaultSpec fault = new FaultSpec();
    fault.command = command;
    fault.killClient = true;
    fault.after = after;
    return fault;
  }

  private LabStore store(List<FaultSpec> faults) {
    LabStore store = new LabStore(home);
    LabSpec spec = LabStore.defaultSpec();
    spec.hosts.get("src").faults.addAll(faults);
    store.init(spec);
    return store;
  }

  private static Read run(String... argv) {
    return Read.run(argv);
  }

  @Test
  void aBatchIsSavedOnceWhateverItsReadsChanged() {
    LabStore store =
        store(
            List.of(
                fault("ethtool -i enp225s0np0", "first\n"),
                fault("ip -j link show", "second\n"),
                fault("devlink -j dev eswitch show", "third\n")));
    Lab lab = Lab.open(store);
    long revision = store.revisionOnDisk();

    List<ReadResult> results =
        lab.host("src")
            .readAll(
                List.of(
                    run("ethtool", "-i", "enp225s0np0"),
                    run("ip", "-j", "link", "show"),
                    run("devlink", "-j", "dev", "eswitch", "show", "pci/0000:e1:00.0")));

    assertThat(results)
        .extracting(r -> r.commandResult().stdout())
        .containsExactly("first\n", "second\n", "third\n");
    // Each consumed fault changed the lab; one operation saves them all at once.
    assertThat(store.revisionOnDisk()).isEqualTo(revision + 1);
    assertThat(store.load().hosts.get("src").faults).isEmpty();
  }

  @Test
  void anotherProcessesChangeIsNeverSeenInTheMiddleOfABatch() throws Throwable {
    LabStore store = store(List.of());
    Lab reader = Lab.open(store);
    Lab writer = Lab.open(store);
    List<Read> batch = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      batch.add(run("systemctl", "is-active", "openvswitch"));
    }
    AtomicBoolean stop = new AtomicBoolean();
    AtomicInteger toggles = new AtomicInteger();
    CompletableFuture<Void> toggling =
        CompletableFuture.runAsync(
            () -> {
              while (!stop.get()) {
                String verb = toggles.incrementAndGet() % 2 == 0 ? "stop" : "start";
                writer.host("src").run(Command.of("systemctl", verb, "openvswitch"));
              }
            });
    List<List<String>> mixed = new ArrayList<>();
    List<String> seen = new ArrayList<>();
    try {
      // Until the writer has changed the lab many times while batches were read.
      BoundedWait.until(
          "the writer toggled openvswitch 200 times while the reader read",
          () -> {
            List<String> answers =
                reader.host("src").readAll(batch).stream()
                    .map(r -> r.commandResult().stdout())
                    .toList();
            if (answers.stream().distinct().count() > 1) {
              mixed.add(answers);
            }
            if (!seen.contains(answers.get(0))) {
              seen.add(answers.get(0));
            }
            return toggles.get() >= 200 && seen.size() == 2;
          });
    } finally {
      stop.set(true);
    }
    BoundedWait.ends("the writer stops", () -> toggling.join());

    assertThat(mixed).as("batches that saw another process's change part-way").isEmpty();
    assertThat(seen).containsExactlyInAnyOrder("active\n", "inactive\n");
  }

  @Test
  void eachReadGivesWhatItGivesAloneFailuresIncluded() {
    List<Read> reads =
        List.of(
            run("systemctl", "is-active", "openvswitch"),
            new Read.Run(
                new Command(
                    List.of("virsh", "hypervisor-cpu-compare", "/dev/stdin"),
                    Optional.of("<cpu><model>Skylake-Server</model></cpu>"),
                    Duration.ofSeconds(30))),
            run("no-such-tool", "--version"),
            new Read.File(PF + "/sriov_totalvfs"),
            new Read.File("/etc/no-such-file"),
            new Read.Directory(PF + "/net"),
            new Read.Directory("/run/vfmigrate/claims"),
            new Read.Link(PF + "/driver"),
            new Read.Link("/nowhere"),
            new Read.Exists(PF + "/sriov_numvfs"),
            new Read.Exists("/run/vfmigrate"));

    List<ReadResult> batched = new Lab(LabStore.defaultSpec()).host("src").readAll(reads);
    Host alone = new Lab(LabStore.defaultSpec()).host("src");
    List<ReadResult> oneByOne = reads.stream().map(r -> ReadResult.perform(alone, r)).toList();

    assertThat(batched).extracting(ReadResult::read).containsExactlyElementsOf(reads);
    assertThat(batched)
        .extracting(ReadResult::value)
        .containsExactlyElementsOf(oneByOne.stream().map(ReadResult::value).toList());
    assertThat(batched)
        .extracting(r -> r.error() == null ? "" : r.error().getClass() + r.error().getMessage())
        .containsExactlyElementsOf(
            oneByOne.stream()
                .map(r -> r.error() == null ? "" : r.error().getClass() + r.error().getMessage())
                .toList());
    assertThat(batched).filteredOn(r -> r.error() != null).hasSize(3);
  }

  /** Reads {@code reads} on src in one batch, in a lab whose kills {@code witness} records. */
  private static List<ReadResult> readOnSrc(KillWitness witness, Read... reads) {
    Thread.currentThread().setName("batch");
    return witness.lab.host("src").readAll(List.of(reads));
  }

  @Test
  void aKillClientFaultEndsTheBatchAtItsReadAndKillsOnceTheBatchIsSaved() {
    KillWitness witness =
        new KillWitness(
            store(
                List.of(
                    fault("ethtool -i", "faulted\n"),
                    kill("ip -j link show", false),
                    fault("devlink -j dev", "never read\n"))));

    List<ReadResult> results =
        readOnSrc(
            witness,
            run("ethtool", "-i", "enp225s0np0"),
            run("ip", "-j", "link", "show"),
            run("devlink", "-j", "dev", "eswitch", "show", "pci/0000:e1:00.0"));

    assertThat(witness.kills)
        .containsExactly("batch in its operation, faults left on disk: [devlink -j dev]");
    assertThat(results.get(0).commandResult().stdout()).isEqualTo("faulted\n");
    assertThat(results.get(1).commandResult().exitCode()).isEqualTo(137);
    assertThat(results.get(2).error()).hasMessageContaining("killed before this read");
  }

  @Test
  void aKillClientFaultAfterItsCommandLetsThatReadRunFirst() {
    KillWitness witness =
        new KillWitness(store(List.of(kill("systemctl is-active openvswitch", true))));

    List<ReadResult> results =
        readOnSrc(
            witness,
            run("systemctl", "is-active", "openvswitch"),
            run("systemctl", "is-active", "libvirtd"));

    assertThat(witness.kills).containsExactly("batch in its operation, faults left on disk: []");
    assertThat(results.get(0).commandResult().stdout()).isEqualTo("inactive\n");
    assertThat(results.get(1).error()).hasMessageContaining("killed before this read");
  }

  @Test
  void whenTheOperationItselfFailsEveryReadFailsWithItsError() throws Exception {
    LabStore store = store(List.of());
    Lab lab = Lab.open(store);
    Files.delete(store.statePath());

    List<ReadResult> results =
        lab.host("src")
            .readAll(List.of(run("systemctl", "is-active", "openvswitch"), new Read.Exists("/")));

    assertThat(results)
        .allSatisfy(r -> assertThat(r.error()).isInstanceOf(LabException.class))
        .allSatisfy(r -> assertThat(r.error()).hasMessageContaining("has lost its state"));
  }
}
