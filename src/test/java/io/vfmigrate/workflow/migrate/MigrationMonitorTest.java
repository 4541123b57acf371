package io.vfmigrate.workflow.migrate;

import static org.assertj.core.api.Assertions.assertThat;

import io.vfmigrate.host.Command;
import io.vfmigrate.host.CommandResult;
import io.vfmigrate.host.Host;
import io.vfmigrate.host.HostClock;
import io.vfmigrate.host.RunningCommand;
import io.vfmigrate.tools.FakeHost;
import io.vfmigrate.tools.FakeHost.Fixtures;
import io.vfmigrate.tools.virsh.Virsh;
import io.vfmigrate.workflow.event.Event;
import io.vfmigrate.workflow.event.RecordingEventSink;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The monitor against a scripted source host: query-migrate answers from a queue (the last one
 * repeats) and a {@code virsh migrate} that ends at a given moment of the test's clock.
 */
class MigrationMonitorTest {
  private static final String AFTER_INCOMING = "virsh/query-migrate-after-incoming.json";
  private static final String ACTIVE = "virsh/query-migrate-active-vfio.json";
  private static final String COMPLETED = "virsh/query-migrate-completed.json";

  private final FakeHost.FakeClock clock = new FakeHost.FakeClock();
  private final Instant t0 = clock.now();
  private final RecordingEventSink events = new RecordingEventSink();

  private MigrationMonitor.Watch watch(ScriptedSource source, VirshMigrate migration) {
    return watch(source, migration, Duration.ofMinutes(10), new Cancellation());
  }

  private MigrationMonitor.Watch watch(
      ScriptedSource source, VirshMigrate migration, Duration timeout, Cancellation cancel) {
    return new MigrationMonitor(
            new Virsh(source),
            "vm1",
            clock,
            events,
            new SwitchoverPolicy(Duration.ofMillis(500)),
            timeout,
            Duration.ofSeconds(30),
            cancel,
            VF_ESTIMATE)
        .watch(migration);
  }

  private static final long VF_ESTIMATE = 330_000_000L;

  private List<String> phases() {
    return events.eventsOf(Event.Progress.class).stream().map(Event.Progress::phase).toList();
  }

  @Test
  void theCompletedStatusOfThePreviousMigrationIsNotThisJobs() {
    ScriptedSource source = new ScriptedSource(AFTER_INCOMING, ACTIVE, COMPLETED);
    VirshMigrate migration = new VirshMigrate(Duration.ofMillis(2500));

    MigrationMonitor.Watch w = watch(source, migration);

    assertThat(w.ending()).isEqualTo(MigrationMonitor.Ending.FINISHED);
    assertThat(phases()).containsExactly("setup", "active", "completed");
    Event.Progress first = events.eventsOf(Event.Progress.class).get(0);
    assertThat(first.bytesDone()).isZero();
    assertThat(first.deviceStateBytes()).isZero();
  }

  @Test
  void aFinishedMigrationIsNoticedWhenVirshEndsNotAtTheNextFullSecond() {
    ScriptedSource source = new ScriptedSource(ACTIVE);
    VirshMigrate migration = new VirshMigrate(Duration.ofMillis(2500));

    MigrationMonitor.Watch w = watch(source, migration);

    assertThat(w.ending()).isEqualTo(MigrationMonitor.Ending.FINISHED);
    assertThat(w.elapsed()).isEqualTo(Duration.ofMillis(2500));
    assertThat(Duration.between(t0, clock.now())).isEqualTo(Duration.ofMillis(2500));
    assertThat(migration.waits).containsOnly(MigrationMonitor.POLL).hasSize(3);
  }

  @Test
  void aMigrationThatEndsBeforeItWasSeenActiveReportsNoFalseCompletion() {
    ScriptedSource source = new ScriptedSource(COMPLETED);
    VirshMigrate migration = new VirshMigrate(Duration.ofMillis(300));

    MigrationMonitor.Watch w = watch(source, migration);

    assertThat(w.ending()).isEqualTo(MigrationMonitor.Ending.FINISHED);
    assertThat(w.elapsed()).isEqualTo(Duration.ofMillis(300));
    assertThat(phases()).containsExactly("setup");
  }

  @Test
  void pastTheSwitchoverItOnlyWaitsForVirshAndQueriesQemuNoMore() {
    // active at 0 s, device at 1 s; virsh then needs until 10 s (libvirt's Finish and Confirm).
    ScriptedSource source = new ScriptedSource(ACTIVE, "virsh/query-migrate-device.json");
    VirshMigrate migration = new VirshMigrate(Duration.ofSeconds(10));

    MigrationMonitor.Watch w = watch(source, migration);

    assertThat(w.ending()).isEqualTo(MigrationMonitor.Ending.FINISHED);
    assertThat(w.elapsed()).isEqualTo(Duration.ofSeconds(10));
    assertThat(phases()).containsExactly("active", "device");
    assertThat(source.queryMigrates).isEqualTo(2);
  }

  @Test
  void aTransferThatMakesNoProgressForTheStallTimeoutStallsAndSaysWhereItStood() {
    // The same active status again and again: no byte moves after the first sample.
    ScriptedSource source = new ScriptedSource(ACTIVE);
    VirshMigrate migration = new VirshMigrate(Duration.ofHours(1));

    MigrationMonitor.Watch w = watch(source, migration);

    assertThat(w.ending()).isEqualTo(MigrationMonitor.Ending.STALLED);
    assertThat(w.result()).isEmpty();
    // Stalled once more than 30 s passed without progress: at the 31st second, not before.
    assertThat(w.elapsed()).isEqualTo(Duration.ofSeconds(31));
    assertThat(w.last().ramTransferred()).isEqualTo(6_710_886_400L);
    assertThat(w.last().deviceStateBytes()).isEqualTo(314_572_800L);
  }

  @Test
  void anOperatorsCancelEndsTheWatchAtTheNextPollWithWhatWasSeen() {
    ScriptedSource source = new ScriptedSource(ACTIVE);
    VirshMigrate migration = new VirshMigrate(Duration.ofHours(1));
    Cancellation cancel = new Cancellation();
    migration.onWait(3, cancel::request);

    MigrationMonitor.Watch w = watch(source, migration, Duration.ofMinutes(10), cancel);

    assertThat(w.ending()).isEqualTo(MigrationMonitor.Ending.CANCELLED);
    assertThat(w.result()).isEmpty();
    assertThat(w.elapsed()).isEqualTo(Duration.ofSeconds(3));
    assertThat(w.last().ramTransferred()).isEqualTo(6_710_886_400L);
  }

  @Test
  void aMigrationPastItsTimeoutTimesOut() {
    ScriptedSource source = new ScriptedSource(ACTIVE);
    VirshMigrate migration = new VirshMigrate(Duration.ofHours(1));

    MigrationMonitor.Watch w = watch(source, migration, Duration.ofSeconds(5), new Cancellation());

    assertThat(w.ending()).isEqualTo(MigrationMonitor.Ending.TIMED_OUT);
    assertThat(w.elapsed()).isEqualTo(Duration.ofSeconds(6));
  }

  @Test
  void progressCountsRamAndDeviceStateAgainstTheVfEstimate() {
    ScriptedSource source = new ScriptedSource(ACTIVE);
    VirshMigrate migration = new VirshMigrate(Duration.ofMillis(1500));

    watch(source, migration);

    Event.Progress p = events.eventsOf(Event.Progress.class).get(0);
    long ramDone = 8_600_371_200L - 2_147_483_648L;
    assertThat(p.phase()).isEqualTo("active");
    assertThat(p.deviceStateBytes()).isEqualTo(314_572_800L);
    assertThat(p.bytesDone()).isEqualTo(ramDone + 314_572_800L);
    assertThat(p.bytesTotal()).isEqualTo(8_600_371_200L + VF_ESTIMATE);
    assertThat(p.bytesPerSecond()).isEqualTo((long) (2684.35456 * 1_000_000 / 8));
  }

  /** The active capture with QEMU expecting {@code ms} of downtime (the limit is 300 ms). */
  private static String activeExpecting(long ms) {
    return Fixtures.read(ACTIVE)
        .replace("\"expected-downtime\":300", "\"expected-downtime\":" + ms);
  }

  @Test
  void switchoverAckIsReadOnceWhenTheJobIsFirstSeenRunning() {
    ScriptedSource source = new ScriptedSource(AFTER_INCOMING, ACTIVE);
    source.capabilities = Fixtures.read("virsh/query-migrate-capabilities-8.2-migrating.json");
    VirshMigrate migration = new VirshMigrate(Duration.ofMillis(3500));

    MigrationMonitor.Watch w = watch(source, migration);

    assertThat(w.switchoverAck()).contains(true);
    assertThat(source.capabilityQueries).isEqualTo(1);
    assertThat(events.eventsOf(Event.Warning.class)).isEmpty();
  }

  @Test
  void aQemuWithoutSwitchoverAckIsReportedAsNotUsingIt() {
    ScriptedSource source = new ScriptedSource(ACTIVE);
    source.capabilities = Fixtures.read("virsh/query-migrate-capabilities-7.2.json");

    MigrationMonitor.Watch w = watch(source, new VirshMigrate(Duration.ofMillis(1500)));

    assertThat(w.switchoverAck()).contains(false);
  }

  @Test
  void unreadableCapabilitiesLeaveSwitchoverAckUnknownAndWarn() {
    ScriptedSource source = new ScriptedSource(ACTIVE);

    MigrationMonitor.Watch w = watch(source, new VirshMigrate(Duration.ofMillis(1500)));

    assertThat(w.ending()).isEqualTo(MigrationMonitor.Ending.FINISHED);
    assertThat(w.switchoverAck()).isEmpty();
    assertThat(events.eventsOf(Event.Warning.class))
        .singleElement()
        .satisfies(
            e ->
                assertThat(e.message())
                    .startsWith("cannot read QEMU's migration capabilities: ")
                    .contains("domain is not running"));
  }

  @Test
  void aJobNeverSeenRunningIsNotAskedForItsCapabilities() {
    ScriptedSource source = new ScriptedSource(COMPLETED);
    source.capabilities = Fixtures.read("virsh/query-migrate-capabilities-8.2-migrating.json");

    MigrationMonitor.Watch w = watch(source, new VirshMigrate(Duration.ofMillis(2500)));

    assertThat(w.switchoverAck()).isEmpty();
    assertThat(source.capabilityQueries).isZero();
  }

  @Test
  void anUnansweredQueryIsNotTakenForAJobInProgress() {
    // On the real lab the domain was gone from the source when the second query ran (the
    // migration had ended): the failed query must not make the monitor ask for capabilities.
    ScriptedSource source = new ScriptedSource("virsh/query-migrate-error.json");
    source.capabilities = Fixtures.read("virsh/query-migrate-capabilities-8.2-migrating.json");

    MigrationMonitor.Watch w = watch(source, new VirshMigrate(Duration.ofMillis(1500)));

    assertThat(w.ending()).isEqualTo(MigrationMonitor.Ending.FINISHED);
    assertThat(w.switchoverAck()).isEmpty();
    assertThat(source.capabilityQueries).isZero();
    assertThat(events.eventsOf(Event.Warning.class)).isEmpty();
  }

  @Test
  void untilTheJobIsSeenQemuIsAskedEveryFifthOfASecondAndTheWaitIsToldOnce() {
    // QEMU shows the previous (incoming) migration for the first 0.4 s: a migration shorter than
    // a second is still seen running, and its switchover-ack read.
    ScriptedSource source = new ScriptedSource(AFTER_INCOMING, AFTER_INCOMING, ACTIVE);
    source.capabilities = Fixtures.read("virsh/query-migrate-capabilities-8.2-migrating.json");
    VirshMigrate migration = new VirshMigrate(Duration.ofMillis(2900));

    MigrationMonitor.Watch w = watch(source, migration);

    assertThat(w.switchoverAck()).contains(true);
    assertThat(migration.waits)
        .startsWith(
            MigrationMonitor.EARLY_POLL, MigrationMonitor.EARLY_POLL, MigrationMonitor.POLL);
    assertThat(phases()).containsExactly("setup", "active", "active", "active");
  }

  @Test
  void aJobNotSeenWithinASecondIsAskedForOnceASecond() {
    ScriptedSource source = new ScriptedSource(AFTER_INCOMING);
    VirshMigrate migration = new VirshMigrate(Duration.ofMillis(3500));

    watch(source, migration);

    assertThat(migration.waits)
        .containsExactly(
            MigrationMonitor.EARLY_POLL,
            MigrationMonitor.EARLY_POLL,
            MigrationMonitor.EARLY_POLL,
            MigrationMonitor.EARLY_POLL,
            MigrationMonitor.EARLY_POLL,
            MigrationMonitor.POLL,
            MigrationMonitor.POLL,
            MigrationMonitor.POLL);
    assertThat(phases()).containsExactly("setup");
  }

  @Test
  void theFirstEventIsQemusDefaultLimit() {
    watch(new ScriptedSource(ACTIVE), new VirshMigrate(Duration.ofMillis(500)));

    assertThat(events.events().get(0)).isEqualTo(new Event.DowntimeLimit(300, 0, Duration.ZERO));
  }

  @Test
  void aTransferThatDoesNotConvergeGetsItsDowntimeLimitRaisedOnce() {
    // dirty-sync-count 2 and 800 ms expected at every sample: the third sample (2 s) raises the
    // limit to 400 ms; the iteration does not change after that, so nothing more is raised.
    ScriptedSource source = new ScriptedSource(activeExpecting(800));
    VirshMigrate migration = new VirshMigrate(Duration.ofMillis(5500));

    watch(source, migration);

    assertThat(source.setMaxDowntimes)
        .containsExactly(List.of("virsh", "migrate-setmaxdowntime", "vm1", "400"));
    assertThat(events.eventsOf(Event.DowntimeLimit.class))
        .containsExactly(
            new Event.DowntimeLimit(300, 0, Duration.ZERO),
            new Event.DowntimeLimit(400, 2, Duration.ofSeconds(2)));
    assertThat(events.eventsOf(Event.Info.class))
        .extracting(Event.Info::message)
        .containsExactly(
            "pre-copy has not converged after 2 iterations; allowed downtime raised to 400 ms");
  }

  @Test
  void aLimitThatCannotBeRaisedIsAWarningAndTheLimitStays() {
    ScriptedSource source = new ScriptedSource(activeExpecting(800));
    source.setMaxDowntimeError = "error: Requested operation is not valid: no job is active\n";

    MigrationMonitor.Watch w = watch(source, new VirshMigrate(Duration.ofMillis(2500)));

    assertThat(w.ending()).isEqualTo(MigrationMonitor.Ending.FINISHED);
    assertThat(source.setMaxDowntimes).hasSize(1);
    assertThat(events.eventsOf(Event.DowntimeLimit.class))
        .containsExactly(new Event.DowntimeLimit(300, 0, Duration.ZERO));
    assertThat(events.eventsOf(Event.Warning.class))
        .extracting(Event.Warning::message)
        .anySatisfy(
            m ->
                assertThat(m)
                    .startsWith("could not raise the downtime limit: ")
                    .contains("no job is active"));
  }

  @Test
  void aSampleWithoutRamKeepsTheLastRamFiguresAndDeviceState() {
    ScriptedSource source =
        new ScriptedSource(
            ACTIVE,
            "{\"return\":{\"status\":\"pre-switchover\",\"total-time\":30300},\"id\":\"libvirt-434\"}");
    MigrationMonitor.Watch w = watch(source, new VirshMigrate(Duration.ofMillis(1500)));

    assertThat(phases()).containsExactly("active", "pre-switchover");
    MigrationStats last = w.last();
    assertThat(last.status()).isEqualTo("pre-switchover");
    assertThat(last.ramTransferred()).isEqualTo(6_710_886_400L);
    assertThat(last.ramRemaining()).isEqualTo(2_147_483_648L);
    assertThat(last.ramTotal()).isEqualTo(8_600_371_200L);
    assertThat(last.deviceStateBytes()).isEqualTo(314_572_800L);
    assertThat(last.iterations()).isEqualTo(2);
    assertThat(last.mbps()).isEqualTo(2684.35456);
    Event.Progress second = events.eventsOf(Event.Progress.class).get(1);
    assertThat(second.bytesDone()).isEqualTo(8_600_371_200L - 2_147_483_648L + 314_572_800L);
    assertThat(second.iteration()).isEqualTo(2);
  }

  @Test
  void aQueryThatFailsMidwayKeepsTheLastSample() {
    ScriptedSource source = new ScriptedSource(ACTIVE, "virsh/query-migrate-error.json");
    MigrationMonitor.Watch w = watch(source, new VirshMigrate(Duration.ofMillis(2500)));

    assertThat(w.ending()).isEqualTo(MigrationMonitor.Ending.FINISHED);
    assertThat(phases()).containsExactly("active", "active", "active");
    assertThat(w.last().ramTransferred()).isEqualTo(6_710_886_400L);
    assertThat(w.last().expectedDowntimeMs()).hasValue(300);
  }

  @Test
  void theSwitchoverSampleCountsAllTheDeviceStateSent() {
    // 500 MiB of VF state sent, more than the 330 MB estimate: the total grows to what was sent.
    ScriptedSource source = new ScriptedSource("virsh/query-migrate-device.json");
    MigrationMonitor.Watch w = watch(source, new VirshMigrate(Duration.ofMillis(4500)));

    assertThat(w.ending()).isEqualTo(MigrationMonitor.Ending.FINISHED);
    Event.Progress p = events.eventsOf(Event.Progress.class).get(0);
    assertThat(p.phase()).isEqualTo("device");
    assertThat(p.bytesTotal()).isEqualTo(8_600_371_200L + 524_288_000L);
    assertThat(p.bytesDone()).isEqualTo(8_600_371_200L + 524_288_000L);
    assertThat(p.iteration()).isEqualTo(5);
    assertThat(p.elapsed()).isEqualTo(Duration.ZERO);
    assertThat(source.queryMigrates).isEqualTo(1);
  }

  @Test
  void aHandleThatCannotWaitIsMadeUpForOnTheClock() {
    // waitFor returns after 400 ms without an end (a handle that cannot wait longer): the monitor
    // sleeps
    // the rest of the poll interval, so samples stay a second apart.
    ScriptedSource source = new ScriptedSource(ACTIVE);
    VirshMigrate migration = new VirshMigrate(Duration.ofMillis(2500));
    migration.waitsFor = Duration.ofMillis(400);

    MigrationMonitor.Watch w = watch(source, migration);

    assertThat(w.ending()).isEqualTo(MigrationMonitor.Ending.FINISHED);
    assertThat(w.elapsed()).isEqualTo(Duration.ofSeconds(3));
    assertThat(events.eventsOf(Event.Progress.class))
        .extracting(Event.Progress::elapsed)
        .containsExactly(Duration.ZERO, Duration.ofSeconds(1), Duration.ofSeconds(2));
  }

  @Test
  void progressKeepsTheClockWhileBytesMoveAndStallsOnlyAfterTheyStop() {
    // Bytes move at 0 s and 1 s; then nothing: stalled more than 30 s after the last move (1 s).
    String moved =
        Fixtures.read(ACTIVE).replace("\"transferred\":6710886400", "\"transferred\":6710886401");
    ScriptedSource source = new ScriptedSource(ACTIVE, moved);
    MigrationMonitor.Watch w = watch(source, new VirshMigrate(Duration.ofHours(1)));

    assertThat(w.ending()).isEqualTo(MigrationMonitor.Ending.STALLED);
    assertThat(w.elapsed()).isEqualTo(Duration.ofSeconds(32));
  }

  @Test
  void aCancelAndAnEndAtTheSamePollIsAnEnd() {
    ScriptedSource source = new ScriptedSource(ACTIVE);
    VirshMigrate migration = new VirshMigrate(Duration.ofMillis(2000));
    Cancellation cancel = new Cancellation();
    migration.onWait(2, cancel::request);

    MigrationMonitor.Watch w = watch(source, migration, Duration.ofMinutes(10), cancel);

    assertThat(w.ending()).isEqualTo(MigrationMonitor.Ending.FINISHED);
    assertThat(w.result()).isPresent();
  }

  @Test
  void ramAndDeviceStateBothCountAsProgress() {
    // At 1 s both RAM and the VF's state moved by the same amount: progress, not a stall, so
    // the stall is counted from 1 s.
    String ramMoved = Fixtures.read(ACTIVE).replace("6710886400", "6710887424");
    String moved = ramMoved.replace("314572800", "314573824");
    ScriptedSource source = new ScriptedSource(ACTIVE, moved);
    MigrationMonitor.Watch w = watch(source, new VirshMigrate(Duration.ofHours(1)));

    assertThat(w.ending()).isEqualTo(MigrationMonitor.Ending.STALLED);
    assertThat(w.elapsed()).isEqualTo(Duration.ofSeconds(32));
    assertThat(w.last().deviceStateBytes()).isEqualTo(314_573_824L);
  }

  /** The {@code virsh migrate} process: it ends after {@code runs} on the test's clock. */
  private final class VirshMigrate implements RunningCommand {
    private final Command command = Command.of("virsh", "migrate", "vm1");
    private final Instant end;
    final List<Duration> waits = new ArrayList<>();
    private int actionAt = -1;
    private Runnable action = () -> {};

    /** How long a wait really waits, when less than asked (a handle that cannot wait long). */
    Duration waitsFor;

    /** Runs {@code then} during the {@code n}th wait (the operator pressing Ctrl-C, say). */
    void onWait(int n, Runnable then) {
      this.actionAt = n;
      this.action = then;
    }

    VirshMigrate(Duration runs) {
      this.end = t0.plus(runs);
    }

    @Override
    public Command command() {
      return command;
    }

    @Override
    public Optional<CommandResult> poll() {
      return clock.now().isBefore(end)
          ? Optional.empty()
          : Optional.of(new CommandResult(command, 0, "", "", Duration.between(t0, end)));
    }

    @Override
    public Optional<CommandResult> waitFor(Duration timeout) {
      waits.add(timeout);
      if (waits.size() == actionAt) {
        action.run();
      }
      Instant until = clock.now().plus(waitsFor == null ? timeout : waitsFor);
      clock.sleep(Duration.between(clock.now(), until.isBefore(end) ? until : end));
      return poll();
    }

    @Override
    public void kill() {
      throw new UnsupportedOperationException("not killed in these tests");
    }

    @Override
    public String stderrSoFar() {
      return "";
    }
  }

  /** The source host: query-migrate from a queue, domjobinfo refused; nothing else. */
  private final class ScriptedSource implements Host {
    private final Deque<String> replies = new ArrayDeque<>();
    private int queryMigrates;
    private int capabilityQueries;

    /** The reply to query-migrate-capabilities; null: the query fails. */
    private String capabilities;

    /** The stderr of a failing {@code virsh migrate-setmaxdowntime}; null: it succeeds. */
    private String setMaxDowntimeError;

    private final List<List<String>> setMaxDowntimes = new ArrayList<>();

    ScriptedSource(String... fixtures) {
      for (String f : fixtures) {
        replies.add(f.startsWith("{") ? f : Fixtures.read(f));
      }
    }

    @Override
    public String name() {
      return "src";
    }

    @Override
    public CommandResult run(Command command) {
      List<String> argv = command.argv();
      if (argv.size() == 4 && argv.get(3).equals(Virsh.QUERY_MIGRATE_CAPABILITIES)) {
        capabilityQueries++;
        return capabilities == null
            ? new CommandResult(
                command,
                1,
                "",
                "error: Requested operation is not valid: domain is not running\n",
                Duration.ZERO)
            : new CommandResult(command, 0, capabilities, "", Duration.ZERO);
      }
      if (argv.size() > 1 && argv.get(1).equals("migrate-setmaxdowntime")) {
        setMaxDowntimes.add(argv);
        return setMaxDowntimeError == null
            ? new CommandResult(command, 0, "", "", Duration.ZERO)
            : new CommandResult(command, 1, "", setMaxDowntimeError, Duration.ZERO);
      }
      if (argv.size() == 4
          && argv.get(1).equals("qemu-monitor-command")
          && argv.get(3).contains("query-migrate")) {
        if (argv.get(3).contains("\"query-migrate\"")) {
          queryMigrates++;
        }
        String reply = replies.size() > 1 ? replies.poll() : replies.peek();
        return new CommandResult(command, 0, reply, "", Duration.ZERO);
      }
      return new CommandResult(
          command, 1, "", "error: not scripted: " + command.display() + "\n", Duration.ZERO);
    }

    @Override
    public RunningCommand start(Command command) {
      throw new UnsupportedOperationException();
    }

    @Override
    public String readFile(String path) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void writeFile(String path, String content) {
      throw new UnsupportedOperationException();
    }

    @Override
    public List<String> listDirectory(String path) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Optional<String> readLink(String path) {
      throw new UnsupportedOperationException();
    }

    @Override
    public boolean exists(String path) {
      throw new UnsupportedOperationException();
    }

    @Override
    public String createTempFile(String prefix, String content) {
      throw new UnsupportedOperationException();
    }

    @Override
    public boolean createExclusive(String path, String content) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void deleteFile(String path) {
      throw new UnsupportedOperationException();
    }

    @Override
    public HostClock clock() {
      return clock;
    }
  }
}
