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

  /** The {@code virsh migrate} process: it ends after {@code runs} on the test's clock. */
  private final class VirshMigrate implements RunningCommand {
    private final Command command = Command.of("virsh", "migrate", "vm1");
    private final Instant end;
    final List<Duration> waits = new ArrayList<>();
    private int actionAt = -1;
    private Runnable action = () -> {};

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
      Instant until = clock.now().plus(timeout);
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

    ScriptedSource(String... fixtures) {
      for (String f : fixtures) {
        replies.add(Fixtures.read(f));
      }
    }

    @Override
    public String name() {
      return "src";
    }

    @Override
    public CommandResult run(Command command) {
      List<String> argv = command.argv();
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
