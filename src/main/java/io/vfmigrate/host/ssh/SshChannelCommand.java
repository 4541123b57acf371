package io.vfmigrate.host.ssh;

import io.vfmigrate.host.Command;
import io.vfmigrate.host.CommandResult;
import io.vfmigrate.host.HostException;
import io.vfmigrate.host.RunningCommand;
import io.vfmigrate.host.ShellQuoting;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.sshd.client.channel.ChannelExec;
import org.apache.sshd.client.channel.ClientChannelEvent;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.SshConstants;
import org.apache.sshd.common.future.CancelOption;
import org.apache.sshd.common.util.buffer.Buffer;

/**
 * One command on one SSH exec channel. The remote shell gets {@code
 * ShellQuoting.commandLine(command)}, so every argument (and environment value) reaches the program
 * as exactly one word, whatever it contains.
 */
final class SshChannelCommand implements RunningCommand {
  /** How long a killed command may take to report its end before its channel is closed. */
  private static final Duration KILL_GRACE = Duration.ofSeconds(2);

  private static final Duration SIGNAL_GRACE = Duration.ofMillis(300);

  /**
   * Kills the session (sshd starts each command with setsid) of each child of this connection's
   * sshd ($PPID) whose command line, NUL-separated in /proc, equals $1 with newlines between the
   * arguments.
   */
  private static final String KILL_SCRIPT =
      "for p in $(pgrep -P \"$PPID\"); do"
          + " [ \"$p\" = \"$$\" ] && continue;"
          + " if [ \"$(tr '\\0' '\\n' < /proc/$p/cmdline 2>/dev/null)\" = \"$1\" ]; then"
          + " pkill -KILL -s \"$p\";"
          + " fi;"
          + " done";

  /** Linux signal numbers, for the 128+n exit code a shell gives a signal-killed command. */
  private static final Map<String, Integer> SIGNALS =
      Map.ofEntries(
          Map.entry("HUP", 1),
          Map.entry("INT", 2),
          Map.entry("QUIT", 3),
          Map.entry("ILL", 4),
          Map.entry("TRAP", 5),
          Map.entry("ABRT", 6),
          Map.entry("BUS", 7),
          Map.entry("FPE", 8),
          Map.entry("KILL", 9),
          Map.entry("USR1", 10),
          Map.entry("SEGV", 11),
          Map.entry("USR2", 12),
          Map.entry("PIPE", 13),
          Map.entry("ALRM", 14),
          Map.entry("TERM", 15),
          Map.entry("XCPU", 24),
          Map.entry("XFSZ", 25),
          Map.entry("SYS", 31));

  private final String hostName;
  private final Command command;
  private final ChannelExec channel;
  private final ByteArrayOutputStream stdout;
  private final ByteArrayOutputStream stderr;
  private final long startNanos = System.nanoTime();
  private final AtomicBoolean killed = new AtomicBoolean();
  private CommandResult result;

  private SshChannelCommand(
      String hostName,
      Command command,
      ChannelExec channel,
      ByteArrayOutputStream stdout,
      ByteArrayOutputStream stderr) {
    this.hostName = hostName;
    this.command = command;
    this.channel = channel;
    this.stdout = stdout;
    this.stderr = stderr;
  }

  /** Opens an exec channel for {@code command}; an IOException means nothing was started. */
  static SshChannelCommand open(
      String hostName, ClientSession session, Command command, Duration openTimeout)
      throws IOException {
    ChannelExec channel =
        session.createExecChannel(
            ShellQuoting.commandLine(command), StandardCharsets.UTF_8, null, Map.of());
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    channel.setOut(out);
    channel.setErr(err);
    // An empty stdin still ends with EOF, so that a program reading stdin sees its end.
    byte[] in = command.stdin().orElse("").getBytes(StandardCharsets.UTF_8);
    channel.setIn(new ByteArrayInputStream(in));
    try {
      channel.open().verify(openTimeout, CancelOption.CANCEL_ON_TIMEOUT);
    } catch (IOException | RuntimeException e) {
      channel.close(true);
      throw e;
    }
    return new SshChannelCommand(hostName, command, channel, out, err);
  }

  @Override
  public Command command() {
    return command;
  }

  @Override
  public Optional<CommandResult> poll() {
    if (!channel.getChannelState().contains(ClientChannelEvent.CLOSED)) {
      return Optional.empty();
    }
    return Optional.of(result());
  }

  @Override
  public Optional<CommandResult> waitFor(Duration timeout) {
    long millis = Math.max(1, timeout.toMillis());
    Set<ClientChannelEvent> state = channel.waitFor(EnumSet.of(ClientChannelEvent.CLOSED), millis);
    if (!state.contains(ClientChannelEvent.CLOSED)) {
      return Optional.empty();
    }
    return Optional.of(result());
  }

  /**
   * Kills the remote command and its descendants, as {@code LocalHost} does, then closes the
   * channel if the command has not ended within a short grace time.
   *
   * <p>First the SSH "signal" request; OpenSSH's sshd honours it for ordinary users but refuses it
   * for root logins ("session signalling requires privilege separation", session.c). So, second, a
   * small script on another channel of the same connection kills the process group of the child of
   * this connection's sshd whose command line is exactly this command's argv (sshd makes each
   * command a session leader, and the remote shell execs the single command).
   */
  @Override
  public void kill() {
    if (channel.isClosed()) {
      return;
    }
    killed.set(true);
    ClientSession session = channel.getClientSession();
    try {
      Buffer request = session.createBuffer(SshConstants.SSH_MSG_CHANNEL_REQUEST, 32);
      request.putUInt(channel.getRecipient());
      request.putString("signal");
      request.putBoolean(false);
      request.putString("KILL");
      channel.writePacket(request);
    } catch (IOException | RuntimeException e) {
      // The channel or session is already going away; closing it below is all that is left.
    }
    if (!ended(SIGNAL_GRACE)) {
      killByCommandLine(session);
    }
    if (!ended(KILL_GRACE)) {
      channel.close(true);
    }
  }

  private void killByCommandLine(ClientSession session) {
    Command killer =
        Command.of("sh", "-c", KILL_SCRIPT, "vfmigrate-kill", String.join("\n", command.argv()))
            .withTimeout(KILL_GRACE);
    try {
      SshChannelCommand k = open(hostName, session, killer, KILL_GRACE);
      if (k.waitFor(KILL_GRACE).isEmpty()) {
        k.channel.close(true);
      }
    } catch (IOException | RuntimeException e) {
      // Best effort: the connection may be gone, and then so is the command's output channel.
    }
  }

  private boolean ended(Duration within) {
    return channel
        .waitFor(EnumSet.of(ClientChannelEvent.CLOSED), within.toMillis())
        .contains(ClientChannelEvent.CLOSED);
  }

  @Override
  public String stderrSoFar() {
    return stderr.toString(StandardCharsets.UTF_8);
  }

  /** The result of the ended command; its channel is closed. */
  private synchronized CommandResult result() {
    if (result == null) {
      result =
          new CommandResult(
              command,
              exitCode(),
              stdout.toString(StandardCharsets.UTF_8),
              stderr.toString(StandardCharsets.UTF_8),
              Duration.ofNanos(System.nanoTime() - startNanos));
    }
    return result;
  }

  private int exitCode() {
    Integer status = channel.getExitStatus();
    if (status != null) {
      return status;
    }
    String signal = channel.getExitSignal();
    if (signal != null) {
      String bare = signal.replaceFirst("@.*$", "").replaceFirst("^SIG", "");
      Integer number = SIGNALS.get(bare);
      if (number == null) {
        throw new HostException(
            "'" + command.display() + "' on " + hostName + " was killed by signal " + signal + ".",
            "look on " + hostName + " at why '" + command.program() + "' was killed.");
      }
      return 128 + number;
    }
    if (killed.get()) {
      return 128 + SIGNALS.get("KILL");
    }
    throw new SshConnectionDroppedException(hostName, command, null);
  }

  void closeQuietly() {
    channel.close(true);
  }
}
