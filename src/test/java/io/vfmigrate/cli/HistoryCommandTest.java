package io.vfmigrate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vfmigrate.journal.sqlite.SqliteJournal;
import io.vfmigrate.workflow.journal.OperationEnd;
import io.vfmigrate.workflow.journal.OperationKind;
import io.vfmigrate.workflow.journal.OperationStart;
import io.vfmigrate.workflow.journal.Sample;
import io.vfmigrate.workflow.journal.StepState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HistoryCommandTest {
  private static final Instant T0 = Instant.parse("2026-12-03T07:44:55.250Z");
  private static final String CLAIM = "/run/vfmigrate/claims/0000:3b:00.2";

  @TempDir Path home;
  private final ObjectMapper json = new ObjectMapper();
  private String refused;
  private String rolledBack;
  private String migrated;
  private String unfinished;

  private static Instant at(long seconds) {
    return T0.plusSeconds(seconds);
  }

  private static String local(Instant at) {
    return DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss")
        .withZone(ZoneId.systemDefault())
        .format(at);
  }

  private static OperationStart migrate(String vm, Instant at) {
    return new OperationStart(
        OperationKind.MIGRATE,
        Optional.of(vm),
        List.of("src", "dst"),
        at,
        "build-7",
        4242,
        "migrate " + vm + " --from src --to dst");
  }

  /** A journal as four runs of vfmigrate would leave it, one of them still running or killed. */
  @BeforeEach
  void journal() {
    try (SqliteJournal journal = SqliteJournal.open(home.resolve("journal.db"))) {
      refused = journal.begin(migrate("vm1", at(0)));
      journal.end(
          refused, OperationEnd.of("refused", at(0).plusMillis(40), "vm1 has a virtual IOMMU"));

      rolledBack = journal.begin(migrate("vm1", at(3600)));
      long claim = journal.stepStarted(rolledBack, "dst", "Claim a VF", "claim VF", at(3601));
      journal.claimTaken(rolledBack, "dst", CLAIM, at(3601));
      journal.stepEnded(claim, StepState.DONE, at(3601).plusMillis(20), "");
      long transfer =
          journal.stepStarted(rolledBack, "src", "Transfer", "virsh migrate vm1", at(3602));
      journal.stepEnded(transfer, StepState.FAILED, at(3632), "no byte moved for 30 s");
      journal.stepEnded(claim, StepState.UNDONE, at(3633), "");
      journal.claimReleased(rolledBack, "dst", CLAIM, at(3633));
      journal.end(
          rolledBack,
          new OperationEnd(
              "rolled-back",
              at(3633),
              Optional.of(33_000L),
              Optional.empty(),
              Optional.of(1L << 30),
              Optional.of(0L),
              "stalled"));

      migrated = journal.begin(migrate("vm2", at(7200)));
      long step = journal.stepStarted(migrated, "src", "Transfer", "virsh migrate vm2", at(7201));
      journal.sample(
          migrated, new Sample(at(7203), 2000, "precopy", 4L << 30, 8L << 30, 0, 2L << 30));
      journal.sample(
          migrated,
          new Sample(at(7205), 4000, "device-state", 8L << 30, 8L << 30, 330_000_000L, 0));
      journal.stepEnded(step, StepState.DONE, at(7206).plusMillis(500), "");
      journal.end(
          migrated,
          new OperationEnd(
              "migrated",
              at(7207),
              Optional.of(6_500L),
              Optional.of(187L),
              Optional.of(8L << 30),
              Optional.of(330_000_000L),
              "verified in guest"));

      unfinished =
          journal.begin(
              new OperationStart(
                  OperationKind.PREPARE,
                  Optional.empty(),
                  List.of("src"),
                  at(10_800),
                  "build-7",
                  4343,
                  "prepare --host src"));
      journal.stepStarted(
          unfinished, "src", "Create 4 VFs", "sh -c 'echo 4 > sriov_numvfs'", at(10_801));
    }
  }

  private static List<String> column(String table, int index) {
    List<String> values = new ArrayList<>();
    table.lines().skip(1).forEach(l -> values.add(l.trim().split("\\s{2,}")[index]));
    return values;
  }

  private JsonNode parse(CliRun r) throws Exception {
    assertThat(r.exitCode).as(r.toString()).isZero();
    return json.readTree(r.out);
  }

  @Test
  void theTableIsNewestFirstWithWhatIsKnown() {
    CliRun r = CliRun.run(home, "history");
    assertThat(r.exitCode).as(r.toString()).isZero();
    List<String> lines = r.out.lines().toList();
    assertThat(lines.get(0))
        .containsSubsequence(
            "ID", "KIND", "VM", "HOSTS", "STARTED", "DURATION", "OUTCOME", "DOWNTIME", "BYTES");
    assertThat(column(r.out, 0)).containsExactly(unfinished, migrated, rolledBack, refused);
    assertThat(lines.get(1))
        .containsSubsequence(
            unfinished, "prepare", "-", "src", local(at(10_800)), "-", "unfinished", "-", "-");
    assertThat(lines.get(2))
        .containsSubsequence(
            migrated,
            "migrate",
            "vm2",
            "src,dst",
            local(at(7200)),
            "6.5 s",
            "migrated",
            "187 ms",
            "8.307 GiB");
    assertThat(lines.get(3))
        .containsSubsequence(rolledBack, "vm1", "33.0 s", "rolled-back", " - ", "1.000 GiB");
    assertThat(lines.get(4)).containsSubsequence(refused, "vm1", "40 ms", "refused");
    assertThat(column(r.out, 7)).containsExactly("-", "187 ms", "-", "-");
    assertThat(column(r.out, 8)).containsExactly("-", "8.307 GiB", "1.000 GiB", "-");
    assertThat(lines).hasSize(5);
  }

  @Test
  void vmHostAndLimitSelect() {
    assertThat(column(CliRun.run(home, "history", "--vm", "vm1").out, 0))
        .containsExactly(rolledBack, refused);
    assertThat(column(CliRun.run(home, "history", "--host", "src", "--vm", "vm2").out, 0))
        .containsExactly(migrated);
    CliRun limited = CliRun.run(home, "history", "--host", "src", "--limit", "2");
    assertThat(limited.out.lines().filter(l -> l.matches("\\d{8}-.*")).map(l -> l.split(" ")[0]))
        .containsExactly(unfinished, migrated);
    assertThat(limited.out).contains("--limit N shows more");
    CliRun none = CliRun.run(home, "history", "--vm", "vm9");
    assertThat(none.exitCode).isZero();
    assertThat(none.out).contains("No operations of VM vm9 in the journal");
  }

  @Test
  void theListAsJson() throws Exception {
    JsonNode doc = parse(CliRun.run(home, "history", "--json"));
    JsonNode ops = doc.get("operations");
    assertThat(ops).hasSize(4);

    JsonNode open = ops.get(0);
    assertThat(open.get("id").asText()).isEqualTo(unfinished);
    assertThat(open.get("kind").asText()).isEqualTo("prepare");
    assertThat(open.get("vm").isNull()).isTrue();
    assertThat(open.get("hosts")).hasSize(1);
    assertThat(open.get("started").asText()).isEqualTo("2026-12-03T10:44:55.250Z");
    assertThat(open.get("ended").isNull()).isTrue();
    assertThat(open.get("outcome").asText()).isEqualTo("unfinished");
    assertThat(open.get("total_time_ms").isNull()).isTrue();

    JsonNode done = ops.get(1);
    assertThat(done.get("outcome").asText()).isEqualTo("migrated");
    assertThat(done.get("hosts").get(1).asText()).isEqualTo("dst");
    assertThat(done.get("ended").asText()).isEqualTo("2026-12-03T09:45:02.250Z");
    assertThat(done.get("total_time_ms").asLong()).isEqualTo(6500);
    assertThat(done.get("downtime_ms").asLong()).isEqualTo(187);
    assertThat(done.get("ram_bytes").asLong()).isEqualTo(8L << 30);
    assertThat(done.get("device_state_bytes").asLong()).isEqualTo(330_000_000L);
    assertThat(done.get("machine").asText()).isEqualTo("build-7");
    assertThat(done.get("pid").asLong()).isEqualTo(4242);

    JsonNode no = ops.get(3);
    assertThat(no.get("outcome").asText()).isEqualTo("refused");
    assertThat(no.get("detail").asText()).isEqualTo("vm1 has a virtual IOMMU");
    for (String unknown :
        List.of("total_time_ms", "downtime_ms", "ram_bytes", "device_state_bytes")) {
      assertThat(no.get(unknown).isNull()).as(unknown).isTrue();
    }
    assertThat(ops.get(2).get("downtime_ms").isNull()).isTrue();
    assertThat(ops.get(2).get("device_state_bytes").asLong()).isZero();
  }

  @Test
  void oneOperationWithItsSteps() {
    CliRun r = CliRun.run(home, "history", rolledBack);
    assertThat(r.exitCode).as(r.toString()).isZero();
    assertThat(r.out)
        .contains(
            "Operation " + rolledBack,
            "outcome    rolled-back",
            "downtime   -",
            "RAM sent   1.000 GiB",
            "arguments  migrate vm1 --from src --to dst",
            "process    4242 on build-7");
    assertThat(r.out)
        .containsSubsequence(
            "Steps",
            "undone",
            "dst",
            "Claim a VF",
            "$ claim VF",
            "failed",
            "30.0 s",
            "src",
            "Transfer",
            "$ virsh migrate vm1",
            "no byte moved for 30 s",
            "Claims",
            "dst",
            local(at(3601)),
            local(at(3633)),
            CLAIM);

    CliRun running = CliRun.run(home, "history", unfinished);
    assertThat(running.out)
        .contains("outcome    unfinished", "no end recorded")
        .containsSubsequence("running", "-", "src", "Create 4 VFs");

    CliRun samples = CliRun.run(home, "history", migrated);
    assertThat(samples.out)
        .contains("2 progress samples", "device-state", "VF state   314.713 MiB");
  }

  @Test
  void anEvacuationsEndReadsAsWordsAndItsJsonKeepsTheJournalsDetail() throws Exception {
    String detail =
        "makespan_ms=27200 lower_bound_ms=22624; vm1 on dst (migrated); vm2 on src (rolled-back);"
            + " vm6 stays on src (cannot move: to dst: [destination-vf] 0 left (1 needed))";
    String evacuation;
    try (SqliteJournal journal = SqliteJournal.open(home.resolve("journal.db"))) {
      evacuation =
          journal.begin(
              new OperationStart(
                  OperationKind.EVACUATE,
                  Optional.empty(),
                  List.of("src", "dst"),
                  at(20_000),
                  "build-7",
                  4242,
                  "evacuate --host src"));
      journal.end(
          evacuation,
          new OperationEnd(
              "partial",
              at(20_030),
              Optional.of(27_200L),
              Optional.empty(),
              Optional.empty(),
              Optional.empty(),
              detail));
    }

    CliRun r = CliRun.run(home, "history", evacuation);

    assertThat(r.exitCode).as(r.toString()).isZero();
    assertThat(r.out)
        .contains(
            "  makespan   27.2 s, lower bound 22.6 s (ratio 1.20)\n",
            "  vm1        on dst (migrated)\n",
            "  vm2        on src (rolled-back)\n",
            "  vm6        stayed on src: cannot move: to dst: [destination-vf] 0 left (1 needed)\n")
        .doesNotContain("makespan_ms=");
    assertThat(parse(CliRun.run(home, "history", evacuation, "--json")).get("detail").asText())
        .isEqualTo(detail);
  }

  @Test
  void oneOperationAsJson() throws Exception {
    JsonNode op = parse(CliRun.run(home, "history", rolledBack, "--json"));
    assertThat(op.get("id").asText()).isEqualTo(rolledBack);
    assertThat(op.get("outcome").asText()).isEqualTo("rolled-back");
    assertThat(op.get("started").asText()).isEqualTo("2026-12-03T08:44:55.250Z");
    assertThat(op.get("downtime_ms").isNull()).isTrue();
    JsonNode steps = op.get("steps");
    assertThat(steps).hasSize(2);
    JsonNode transfer = steps.get(1);
    assertThat(transfer.get("description").asText()).isEqualTo("Transfer");
    assertThat(transfer.get("command").asText()).isEqualTo("virsh migrate vm1");
    assertThat(transfer.get("state").asText()).isEqualTo("failed");
    assertThat(transfer.get("host").asText()).isEqualTo("src");
    assertThat(transfer.get("started").asText()).isEqualTo("2026-12-03T08:44:57.250Z");
    assertThat(transfer.get("ended").asText()).isEqualTo("2026-12-03T08:45:27.250Z");
    assertThat(transfer.get("detail").asText()).isEqualTo("no byte moved for 30 s");
    assertThat(steps.get(0).get("state").asText()).isEqualTo("undone");
    JsonNode claim = op.get("claims").get(0);
    assertThat(claim.get("path").asText()).isEqualTo(CLAIM);
    assertThat(claim.get("released").asText()).isEqualTo("2026-12-03T08:45:28.250Z");
    assertThat(op.get("samples")).isEmpty();

    JsonNode running = parse(CliRun.run(home, "history", unfinished, "--json"));
    assertThat(running.get("steps").get(0).get("state").asText()).isEqualTo("running");
    assertThat(running.get("steps").get(0).get("ended").isNull()).isTrue();
    JsonNode withSamples = parse(CliRun.run(home, "history", migrated, "--json"));
    assertThat(withSamples.get("samples")).hasSize(2);
    assertThat(withSamples.get("samples").get(1).get("device_state_bytes").asLong())
        .isEqualTo(330_000_000L);
    assertThat(withSamples.get("samples").get(1).get("at").asText())
        .isEqualTo("2026-12-03T09:45:00.250Z");
  }

  @Test
  void anUnknownIdSaysHowToFindOne() {
    CliRun r = CliRun.run(home, "history", "20261203-074455-000000");
    assertThat(r.exitCode).as(r.toString()).isEqualTo(2);
    assertThat(r.err)
        .contains("No operation 20261203-074455-000000", "fix: run `vfmigrate history`");
  }

  @Test
  void badArgumentsAreUsageErrors() {
    for (String[] args :
        List.of(
            new String[] {"history", "--limit", "0"},
            new String[] {"history", "--limit", "-3"},
            new String[] {"history", "--limit", "many"},
            new String[] {"history", "--vm", "-x"},
            new String[] {"history", "--host", "a b"},
            new String[] {"history", refused, "--vm", "vm1"},
            new String[] {"history", "../../etc/passwd"},
            new String[] {"history", "a", "b"})) {
      CliRun r = CliRun.run(home, args);
      assertThat(r.exitCode).as(String.join(" ", args) + "\n" + r).isEqualTo(2);
      assertThat(r.err).as(String.join(" ", args)).contains("error:");
    }
    assertThat(CliRun.run(home, "history", "--limit", "0").err).contains("positive", "fix:");
  }

  @Test
  void historyNeedsNoLab(@TempDir Path empty) throws Exception {
    CliRun r = CliRun.run(empty, "history");
    assertThat(r.exitCode).as(r.toString()).isZero();
    assertThat(r.out).contains("No operations in the journal " + empty.resolve("journal.db"));
    JsonNode doc = parse(CliRun.run(empty, "history", "--json"));
    assertThat(doc.get("operations")).isEmpty();
    assertThat(Files.exists(empty.resolve("lab"))).isFalse();
  }

  @Test
  void aJournalThatCannotBeOpenedNeedsAttention(@TempDir Path dir) throws Exception {
    Path notADirectory = Files.writeString(dir.resolve("home"), "a file");
    CliRun r = CliRun.run(notADirectory, "history");
    assertThat(r.exitCode).as(r.toString()).isEqualTo(5);
    assertThat(r.err).contains("Cannot create " + notADirectory, "fix:", "VFMIGRATE_HOME");

    Path damaged = Files.createDirectory(dir.resolve("damaged"));
    Files.writeString(damaged.resolve("journal.db"), "not a database, only some text in a file");
    CliRun d = CliRun.run(damaged, "history");
    assertThat(d.exitCode).as(d.toString()).isEqualTo(5);
    assertThat(d.err).contains("Cannot open the journal", "fix:");
  }
}
