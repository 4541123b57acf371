package io.vfmigrate.tools.virsh;

import io.vfmigrate.host.Command;
import io.vfmigrate.host.CommandResult;
import io.vfmigrate.host.CommandTimeoutException;
import io.vfmigrate.host.ConcurrentReads;
import io.vfmigrate.host.ForwardingHost;
import io.vfmigrate.host.Host;
import io.vfmigrate.host.HostException;
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
 * <p>When a shell stops answering a read in full (it died, its markers are not all there) the read
 * is asked again as a process of its own, which changes nothing, and that environment's shell is
 * not started again. The guest agent's {@code guest-exec} and {@code guest-exec-status} go to the
 * shell too but are never asked twice ({@link #AGENT_ONCE}). A shell busy with another thread's
 * command is not waited for: that command runs on its own.
 */
public final class VirshShellHost extends ForwardingHost implements AutoCloseable {
  /** A QMP or guest agent command's name, as {@code {"execute":"NAME"...}} gives it. */
  private static final Pattern QMP = Pattern.compile("^\\{\"execute\":\"([a-z0-9-]+)\"");

  /** Guest agent commands that only read. */
  private static final java.util.Set<String> AGENT_READS =
      java.util.Set.of("guest-ping", "guest-info", "guest-network-get-interfaces");

  /**
   * Guest agent commands that must not be sent twice: {@code guest-exec} runs a program in the
   * guest, and the agent forgets a process once {@code guest-exec-status} has reported its end. The
   * shell answers them too (verification's ping: two virsh processes fewer, about 0.1 s), after a
   * read that shows its connection still answers ({@link #connected}); a shell that took one and
   * then did not answer in full is not followed by a virsh of its own: the command fails, as it
   * would have if that virsh had lost its connection.
   */
  private static final java.util.Set<String> AGENT_ONCE =
      java.util.Set.of("guest-exec", "guest-exec-status");

  private final Supplier<String> markers;
  private final Map<Map<String, String>, Slot> shells = new HashMap<>();

  private final Observer observer;

  /** What a shell does that no command given to this host shows (for {@code -v}). */
  public interface Observer {
    /** A shell started: the one process that then answers many commands. */
    void started(Command shell);

    /** A shell answered a connection check of its own ({@link #connected}). */
    default void checked(CommandResult check) {}
  }

  /**
   * Over {@code host}; {@code observer} is told of each shell's start (the one process that then
   * answers many commands) and of its connection checks, e.g. for {@code -v}, which shows every
   * exec.
   */
  public VirshShellHost(Host host, Observer observer) {
    this(host, VirshBatch::newMarker, observer);
  }

  /** With the markers given (tests replay exchanges captured with known ones). */
  VirshShellHost(Host host, Supplier<String> markers) {
    this(host, markers, c -> {});
  }

  VirshShellHost(Host host, Supplier<String> markers, Observer observer) {
    super(host);
    this.markers = markers;
    this.observer = observer;
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

  /**
   * What goes to the shell for {@code command}, how its answer is taken from the shell's, and
   * whether it must not be sent twice ({@link #AGENT_ONCE}).
   */
  private record Plan(Command batch, String marker, boolean once) {}

  /**
   * {@code command} itself when it is a batch's command string ({@link VirshBatch#script}); a batch
   * of {@code command} alone when it is one read-only virsh command; empty for anything else.
   */
  private Optional<Plan> plan(Command command) {
    boolean once = takesOnce(command);
    if (!once && !accepts(command)) {
      return Optional.empty();
    }
    if (isBatch(command.argv())) {
      return Optional.of(new Plan(command, null, false));
    }
    String marker = markers.get();
    Command batch =
        VirshBatch.script(
            new VirshBatch.Connection(List.of(), command.env(), command.timeout()),
            List.of(command),
            marker);
    return Optional.of(new Plan(batch, marker, once));
  }

  /**
   * True when the shell may answer {@code command} although it must not be asked twice: a guest
   * agent command of {@link #AGENT_ONCE}, under the same conditions as a read.
   */
  static boolean takesOnce(Command command) {
    return carriable(command)
        && agentCommand(command.argv()).filter(AGENT_ONCE::contains).isPresent()
        && quotable(command.argv());
  }

  /** True when the shell may answer {@code command}: a batch, or one read-only virsh command. */
  static boolean accepts(Command command) {
    return carriable(command) && (isBatch(command.argv()) || readOnly(command.argv()));
  }

  /** A virsh command without standard input, in the C locale. */
  private static boolean carriable(Command command) {
    List<String> argv = command.argv();
    if (command.stdin().isPresent() || argv.size() < 2 || !argv.get(0).equals("virsh")) {
      return false;
    }
    // In the C locale only: the shell tells its connection's troubles by virsh's English words.
    return "C".equals(command.env().get("LC_ALL"));
  }

  /** The agent command's name when {@code argv} is {@code virsh qemu-agent-command VM JSON}. */
  private static Optional<String> agentCommand(List<String> argv) {
    if (argv.size() != 4 || !argv.get(1).equals("qemu-agent-command")) {
      return Optional.empty();
    }
    Matcher qga = QMP.matcher(argv.get(3));
    return qga.find() ? Optional.of(qga.group(1)) : Optional.empty();
  }

  /** Every argument can go on an interactive line inside single quotes. */
  private static boolean quotable(List<String> argv) {
    for (String arg : argv) {
      if (arg.indexOf('\'') >= 0 || !VirshShell.printable(arg)) {
        return false;
      }
    }
    return true;
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
    if (!quotable(argv)) {
      return false;
    }
    if (agent) {
      // Only what asking twice cannot change (AGENT_ONCE are taken, but never asked twice).
      return agentCommand(argv).filter(AGENT_READS::contains).isPresent();
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
        observer.started(slot.shell.command());
      }
      if (plan.get().once() && !connected(slot, command)) {
        // Found before the command was sent: it runs as a virsh of its own, once.
        return Optional.empty();
      }
      // Kept past ask, which drops a shell that did not answer in full from the slot.
      VirshShell shell = slot.shell;
      Optional<CommandResult> answer = ask(slot, plan.get(), command);
      if (answer.isEmpty() && plan.get().once() && shell.delivered()) {
        throw unanswered(command);
      }
      return answer;
    } finally {
      slot.lock.unlock();
    }
  }

  /**
   * {@code command}'s answer from the shell (as {@link #plan} made it); empty, with the shell given
   * up, when the shell did not answer in full. A time limit passed is thrown, as for a virsh of its
   * own.
   */
  private Optional<CommandResult> ask(Slot slot, Plan plan, Command command) {
    Optional<CommandResult> answer;
    try {
      answer = slot.shell.run(plan.batch());
    } catch (CommandTimeoutException e) {
      giveUp(slot);
      throw e;
    }
    if (answer.isEmpty()) {
      giveUp(slot);
      return Optional.empty();
    }
    if (plan.marker() == null) {
      // A batch: its answer is the batch command's own, which VirshBatch splits.
      return answer;
    }
    List<ReadResult> split =
        VirshBatch.split(
            ReadResult.of(new Read.Run(plan.batch()), answer.get()),
            List.of(new Read.Run(command)),
            plan.marker());
    if (split.isEmpty()) {
      giveUp(slot);
      return Optional.empty();
    }
    return Optional.of(split.get(0).commandResult());
  }

  /**
   * True when the shell's connection to libvirtd answers now ({@code virsh version} on it), asked
   * before a command that must not be sent twice: a connection that dropped while the shell was
   * idle (libvirtd restarted during a long migration) is then found by a read, and the shell given
   * up, instead of virsh reconnecting for that command and its answer being unusable.
   */
  private boolean connected(Slot slot, Command command) {
    Command version =
        new Command(
            List.of("virsh", "version"), Optional.empty(), command.timeout(), command.env());
    Optional<CommandResult> answer;
    try {
      answer = ask(slot, plan(version).orElseThrow(), version);
    } catch (CommandTimeoutException e) {
      throw new HostException(
          "libvirtd on "
              + name()
              + " did not answer the interactive virsh's connection check ('virsh version') within "
              + command.timeout().toSeconds()
              + " s, so '"
              + command.display()
              + "' was not sent.",
          fix(command),
          e);
    }
    answer.ifPresent(observer::checked);
    if (answer.isPresent() && answer.get().exitCode() != 0) {
      giveUp(slot);
      return false;
    }
    return answer.isPresent();
  }

  /** {@code command} went to the shell, which then did not answer in full; it is not sent again. */
  private HostException unanswered(Command command) {
    return new HostException(
        "The interactive virsh on "
            + name()
            + " took '"
            + command.display()
            + "' but did not answer it in full (it ended, or its connection to libvirtd dropped):"
            + " whether the guest agent ran it is not known, so it was not sent again.",
        fix(command));
  }

  /** What to do when {@code command}, a guest agent command, could not be asked on the shell. */
  private String fix(Command command) {
    return "check that libvirtd on "
        + name()
        + " answers (virsh list), then check the guest again: vfmigrate verify "
        + command.argv().get(2)
        + " --host "
        + name()
        + ".";
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
