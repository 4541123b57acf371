package io.vfmigrate.tools.virsh;

import io.vfmigrate.host.Command;
import io.vfmigrate.host.CommandResult;
import io.vfmigrate.host.CommandTimeoutException;
import io.vfmigrate.host.ConcurrentReads;
import io.vfmigrate.host.ForwardingHost;
import io.vfmigrate.host.Host;
import io.vfmigrate.host.Read;
import io.vfmigrate.host.ReadResult;
import io.vfmigrate.model.VfmigrateException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A host whose read-only virsh commands on the default connection are answered by one interactive
 * virsh per environment ({@link VirshShell}), kept open for as long as this host: the guards'
 * batches, the monitor's {@code query-migrate} polls and the final {@code domjobinfo} of a
 * migration then cost a line each instead of a virsh process and a libvirtd connection each.
 * Anything else ({@code virsh migrate}, a command with standard input or another connection, other
 * programs, files) goes to the host as before, and so does everything on a host that cannot keep a
 * process open ({@link Host#converse} empty).
 *
 * <p>Only reads go to the shell, so when a shell stops answering in full (it died, its markers are
 * not all there) the command is asked again as a process of its own, which changes nothing, and
 * that environment's shell is not started again. A shell busy with another thread's command is not
 * waited for: that command runs on its own.
 */
public final class VirshShellHost extends ForwardingHost implements AutoCloseable {
  /** A QMP or guest agent command's name, as {@code {"execute":"NAME"...}} gives it. */
  private static final Pattern QMP = Pattern.compile("^\\{\"execute\":\"([a-z0-9-]+)\"");

  /** Guest agent commands that only read. */
  private static final java.util.Set<String> AGENT_READS =
      java.util.Set.of("guest-ping", "guest-info", "guest-network-get-interfaces");

  private final Supplier<String> markers;
  private final Map<Map<String, String>, Slot> shells = new HashMap<>();

  private final Consumer<Command> started;

  /**
   * Over {@code host}; {@code started} is told of each shell's start (the one process that then
   * answers many commands), e.g. for {@code -v}, which shows every exec.
   */
  public VirshShellHost(Host host, Consumer<Command> started) {
    this(host, VirshBatch::newMarker, started);
  }

  /** With the markers given (tests replay exchanges captured with known ones). */
  VirshShellHost(Host host, Supplier<String> markers) {
    this(host, markers, c -> {});
  }

  VirshShellHost(Host host, Supplier<String> markers, Consumer<Command> started) {
    super(host);
    this.markers = markers;
    this.started = started;
  }

  /** One environment's shell: started on first use, given up after its first failure. */
  private static final class Slot {
    final ReentrantLock lock = new ReentrantLock();
    VirshShell shell;
    boolean givenUp;
  }

  @Override
  public CommandResult run(Command command) {
    return viaShell(command).orElseGet(() -> delegate.run(command));
  }

  /**
   * The shell's reads one after another on their own thread while the host performs the others, as
   * it would have performed them all; the results in the order of {@code reads}.
   */
  @Override
  public List<ReadResult> readAll(List<Read> reads) {
    List<Read> toShell = new ArrayList<>();
    List<Read> toHost = new ArrayList<>();
    for (Read r : reads) {
      (eligible(r) ? toShell : toHost).add(r);
    }
    if (toShell.isEmpty()) {
      return delegate.readAll(reads);
    }
    CompletableFuture<List<ReadResult>> shell =
        ConcurrentReads.async(() -> toShell.stream().map(this::read).toList());
    List<ReadResult> fromHost = toHost.isEmpty() ? List.of() : delegate.readAll(toHost);
    java.util.Iterator<ReadResult> a = ConcurrentReads.join(shell).iterator();
    java.util.Iterator<ReadResult> b = fromHost.iterator();
    return reads.stream().map(r -> eligible(r) ? a.next() : b.next()).toList();
  }

  private ReadResult read(Read read) {
    try {
      return ReadResult.of(read, run(((Read.Run) read).command()));
    } catch (VfmigrateException e) {
      return ReadResult.failed(read, e);
    }
  }

  private static boolean eligible(Read read) {
    return read instanceof Read.Run r && accepts(r.command());
  }

  /** What goes to the shell for {@code command}, and how its answer is taken from the shell's. */
  private record Plan(Command batch, String marker) {}

  /**
   * {@code command} itself when it is a batch's command string ({@link VirshBatch#script}); a batch
   * of {@code command} alone when it is one read-only virsh command; empty for anything else.
   */
  private Optional<Plan> plan(Command command) {
    if (!accepts(command)) {
      return Optional.empty();
    }
    if (isBatch(command.argv())) {
      return Optional.of(new Plan(command, null));
    }
    String marker = markers.get();
    Command batch =
        VirshBatch.script(
            new VirshBatch.Connection(List.of(), command.env(), command.timeout()),
            List.of(command),
            marker);
    return Optional.of(new Plan(batch, marker));
  }

  /** True when the shell may answer {@code command}: a batch, or one read-only virsh command. */
  static boolean accepts(Command command) {
    List<String> argv = command.argv();
    if (command.stdin().isPresent() || argv.size() < 2 || !argv.get(0).equals("virsh")) {
      return false;
    }
    // In the C locale only: the shell tells its connection's troubles by virsh's English words.
    if (!"C".equals(command.env().get("LC_ALL"))) {
      return false;
    }
    return isBatch(argv) || readOnly(argv);
  }

  private static boolean isBatch(List<String> argv) {
    return argv.size() == 2
        && argv.get(1).startsWith("echo --err vfmigrate-")
        && VirshShell.carries(argv.get(1));
  }

  /** A virsh command that only reads, on the default connection, every argument quotable. */
  private static boolean readOnly(List<String> argv) {
    boolean agent = argv.get(1).equals("qemu-agent-command");
    if (!VirshBatch.READ_ONLY.contains(argv.get(1)) && !agent) {
      return false;
    }
    for (String arg : argv) {
      if (arg.indexOf('\'') >= 0 || !VirshShell.printable(arg)) {
        return false;
      }
    }
    if (agent) {
      // Only what asking twice cannot change: not guest-exec (it runs a program in the guest),
      // nor guest-exec-status (the agent forgets a process once it has reported its end).
      Matcher qga = QMP.matcher(argv.get(argv.size() - 1));
      return argv.size() == 4 && qga.find() && AGENT_READS.contains(qga.group(1));
    }
    if (argv.get(1).equals("qemu-monitor-command")) {
      // qemu-monitor-command passes any QMP command on: only queries go to the shell.
      Matcher qmp = QMP.matcher(argv.get(argv.size() - 1));
      return argv.size() == 4
          && qmp.find()
          && (qmp.group(1).startsWith("query-") || qmp.group(1).equals("device-list-properties"));
    }
    return true;
  }

  private Optional<CommandResult> viaShell(Command command) {
    Optional<Plan> plan = plan(command);
    if (plan.isEmpty()) {
      return Optional.empty();
    }
    Slot slot;
    synchronized (shells) {
      slot = shells.computeIfAbsent(command.env(), e -> new Slot());
    }
    if (!slot.lock.tryLock()) {
      return Optional.empty();
    }
    try {
      if (slot.givenUp) {
        return Optional.empty();
      }
      if (slot.shell == null) {
        slot.shell = VirshShell.open(delegate, command.env()).orElse(null);
        if (slot.shell == null) {
          slot.givenUp = true;
          return Optional.empty();
        }
        started.accept(slot.shell.command());
      }
      Optional<CommandResult> answer;
      try {
        answer = slot.shell.run(plan.get().batch());
      } catch (CommandTimeoutException e) {
        giveUp(slot);
        throw e;
      }
      if (answer.isEmpty()) {
        giveUp(slot);
        return Optional.empty();
      }
      if (plan.get().marker() == null) {
        // A batch: its answer is the batch command's own, which VirshBatch splits.
        return answer;
      }
      Read asked = new Read.Run(command);
      List<ReadResult> split =
          VirshBatch.split(
              ReadResult.of(new Read.Run(plan.get().batch()), answer.get()),
              List.of(asked),
              plan.get().marker());
      if (split.isEmpty()) {
        giveUp(slot);
        return Optional.empty();
      }
      return Optional.of(split.get(0).commandResult());
    } finally {
      slot.lock.unlock();
    }
  }

  private static void giveUp(Slot slot) {
    slot.givenUp = true;
    slot.shell.close();
    slot.shell = null;
  }

  /** Ends the shells. */
  @Override
  public void close() {
    List<Slot> all;
    synchronized (shells) {
      all = new ArrayList<>(shells.values());
    }
    for (Slot slot : all) {
      slot.lock.lock();
      try {
        if (slot.shell != null) {
          slot.shell.close();
          slot.shell = null;
        }
        slot.givenUp = true;
      } finally {
        slot.lock.unlock();
      }
    }
  }
}
