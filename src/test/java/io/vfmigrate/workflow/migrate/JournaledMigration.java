package io.vfmigrate.workflow.migrate;

import io.vfmigrate.host.FileAccessException;
import io.vfmigrate.host.Fleet;
import io.vfmigrate.host.Host;
import io.vfmigrate.host.HostException;
import io.vfmigrate.host.RunningCommand;
import io.vfmigrate.lab.Lab;
import io.vfmigrate.lab.LabInventory;
import io.vfmigrate.lab.state.FaultSpec;
import io.vfmigrate.workflow.ObservedHost;
import io.vfmigrate.workflow.claims.ClaimLiveness;
import io.vfmigrate.workflow.claims.ClaimOwner;
import io.vfmigrate.workflow.claims.ClaimRequest;
import io.vfmigrate.workflow.claims.Claimant;
import io.vfmigrate.workflow.claims.Claims;
import io.vfmigrate.workflow.claims.ControlProcess;
import io.vfmigrate.workflow.claims.ProcessTable;
import io.vfmigrate.workflow.event.Event;
import io.vfmigrate.workflow.event.EventSink;
import io.vfmigrate.workflow.event.RecordingEventSink;
import io.vfmigrate.workflow.journal.ClaimRecord;
import io.vfmigrate.workflow.journal.InMemoryJournal;
import io.vfmigrate.workflow.journal.OperationKind;
import io.vfmigrate.workflow.journal.OperationStart;
import io.vfmigrate.workflow.journal.StepRecord;
import io.vfmigrate.workflow.steps.StepRunner;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * A migration on a lab as the CLI runs it: its steps go into a journal (in memory), its events are
 * recorded, and {@link #when} changes the lab at a chosen event, as another actor on the hosts
 * would (a fault that strikes during the rollback, a domain that takes a VF). Claims are judged
 * against a fake process table in which this run (pid 4242) and pid 7 are alive.
 */
final class JournaledMigration {
  static final String OTHER_RUN = "migrate-7-1";

  private static final ProcessTable PROCESSES =
      pid ->
          pid == 4242 || pid == 7
              ? Optional.of(new ProcessTable.RunningProcess(pid, Optional.empty()))
              : Optional.empty();

  static final Claims CLAIMS = new Claims(new ClaimLiveness("ctl-test", PROCESSES, op -> false));

  final Lab lab;
  final InMemoryJournal journal = new InMemoryJournal();
  final RecordingEventSink events = new RecordingEventSink();
  final Cancellation cancellation = new Cancellation();
  final String operation;
  private final List<Trigger> triggers = new ArrayList<>();
  private UnaryOperator<Host> wrap = UnaryOperator.identity();
  private Runnable transferEnded = () -> {};

  private record Trigger(Predicate<Event> when, Runnable action, int[] left) {}

  JournaledMigration(Lab lab) {
    this.lab = lab;
    this.operation =
        journal.begin(
            new OperationStart(
                OperationKind.MIGRATE,
                Optional.of("vm1"),
                List.of("src", "dst"),
                Instant.now(),
                "ctl-test",
                4242,
                "migrate vm1 --from src --to dst"));
  }

  /** Runs {@code action} at the first {@code times} events {@code when} accepts. */
  JournaledMigration when(Predicate<Event> when, int times, Runnable action) {
    triggers.add(new Trigger(when, action, new int[] {times}));
    return this;
  }

  /** Runs {@code action} once, at the first event {@code when} accepts. */
  JournaledMigration when(Predicate<Event> when, Runnable action) {
    return when(when, 1, action);
  }

  /** Decorates each host of the fleet (to fail a file operation no lab fault reaches). */
  JournaledMigration hosts(UnaryOperator<Host> wrap) {
    this.wrap = wrap;
    return this;
  }

  JournaledMigration whenTransferEnds(Runnable listener) {
    this.transferEnded = listener;
    return this;
  }

  MigrationResult run(MigrateRequest request) {
    EventSink sink =
        e -> {
          events.emit(e);
          for (Trigger t : triggers) {
            if (t.left()[0] > 0 && t.when().test(e)) {
              t.left()[0]--;
              t.action().run();
            }
          }
        };
    StepRunner runner = new StepRunner(journal, operation, sink, Clock.systemUTC());
    Fleet fleet = LabInventory.fleet(lab, h -> new ObservedHost(wrap.apply(h), sink));
    Claimant claimant =
        new Claimant(CLAIMS, new ControlProcess("ctl-test", 4242, Clock.systemUTC()), operation);
    return new Migrate(fleet, cancellation, runner, claimant)
        .whenTransferEnds(transferEnded)
        .run(request);
  }

  /** Each journaled step as {@code host state: description}, in the order they started. */
  List<String> steps() {
    return journal.steps(operation).stream()
        .map(s -> s.host() + " " + s.state().label() + ": " + s.description())
        .toList();
  }

  /** The journaled step whose description starts with {@code prefix}. */
  StepRecord step(String prefix) {
    return journal.steps(operation).stream()
        .filter(s -> s.description().startsWith(prefix))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no step '" + prefix + "' in " + steps()));
  }

  List<ClaimRecord> claims() {
    return journal.claims(operation);
  }

  /** The claim files left on {@code host}. */
  List<String> claimFiles(String host) {
    return lab.hostSpec(host).files.keySet().stream()
        .filter(f -> f.startsWith(Claims.ROOT))
        .toList();
  }

  List<String> warnings() {
    return events.eventsOf(Event.Warning.class).stream()
        .map(w -> w.host() + ": " + w.message())
        .toList();
  }

  List<String> infos() {
    return events.eventsOf(Event.Info.class).stream()
        .map(w -> w.host() + ": " + w.message())
        .toList();
  }

  /** Another live run (pid 7) takes {@code request}, as a concurrent vfmigrate would. */
  void claimByAnotherRun(ClaimRequest request) {
    claimBy(request, OTHER_RUN, 7);
  }

  /** Run {@code operation} of process {@code pid} (7 lives, others died) holds {@code request}. */
  void claimBy(ClaimRequest request, String operation, long pid) {
    Fleet fleet = LabInventory.fleet(lab, UnaryOperator.identity());
    CLAIMS.acquire(
        fleet, List.of(request), new ClaimOwner(operation, "ctl-test", pid, Instant.now()));
  }

  /**
   * A failure of vm1's migration itself, of {@code kind} ({@code link_cut}, ...), as the lab has
   * it.
   */
  static void migrationFault(Lab lab, String kind) {
    FaultSpec f = new FaultSpec();
    f.vm = "vm1";
    f.migrationFault = kind;
    lab.hostSpec("src").faults.add(f);
  }

  /** A fault on {@code host} for the next {@code command} that fails with {@code stderr}. */
  void fault(String host, String command, String stderr) {
    FaultSpec f = new FaultSpec();
    f.command = command;
    f.stderr = stderr;
    lab.hostSpec(host).faults.add(f);
  }

  /** A step of the run started with a description that starts with {@code prefix}. */
  static Predicate<Event> stepStarted(String prefix) {
    return e -> e instanceof Event.StepStarted s && s.description().startsWith(prefix);
  }

  /** What a wrapped call does instead of, or around, the call it wraps. */
  @FunctionalInterface
  interface Around {
    Object call(String method, Object[] args, Callable<Object> proceed) throws Exception;
  }

  /** {@code target} seen through {@code type}, each call going through {@code around}. */
  static <T> T around(Class<T> type, T target, Around around) {
    return type.cast(
        Proxy.newProxyInstance(
            type.getClassLoader(),
            new Class<?>[] {type},
            (proxy, m, args) ->
                around.call(
                    m.getName(),
                    args,
                    () -> {
                      try {
                        return m.invoke(target, args);
                      } catch (InvocationTargetException e) {
                        throw (Exception) e.getCause();
                      }
                    })));
  }

  /**
   * Hosts as they are, but on {@code name} each call of {@code method} (of {@link Host}) on a path
   * that contains {@code marker} fails as the system would fail it: {@code reason}.
   */
  static UnaryOperator<Host> failing(String name, String method, String marker, String reason) {
    return host ->
        !host.name().equals(name)
            ? host
            : around(
                Host.class,
                host,
                (method2, args, proceed) -> {
                  if (method2.equals(method) && args[0].toString().contains(marker)) {
                    throw new FileAccessException(name, args[0].toString(), reason);
                  }
                  return proceed.call();
                });
  }

  /**
   * Hosts as they are, but the connection to {@code name} drops once while vfmigrate waits on a
   * command it started there (the {@code waits}-th wait fails); the command itself runs on.
   */
  static UnaryOperator<Host> connectionDropsWhileWaiting(String name, int waits) {
    int[] left = {waits};
    return host ->
        !host.name().equals(name)
            ? host
            : around(
                Host.class,
                host,
                (method, args, proceed) ->
                    !method.equals("start")
                        ? proceed.call()
                        : around(
                            RunningCommand.class,
                            (RunningCommand) proceed.call(),
                            (m2, a2, call) -> {
                              if (m2.equals("waitFor") && --left[0] == 0) {
                                throw new HostException(
                                    name + ": the connection was lost (Broken pipe)",
                                    "check the network to " + name);
                              }
                              return call.call();
                            }));
  }
}
