package io.vfmigrate.tools.virsh;

import io.vfmigrate.host.Command;
import io.vfmigrate.host.CommandResult;
import io.vfmigrate.host.CommandTimeoutException;
import io.vfmigrate.host.Conversation;
import io.vfmigrate.host.Host;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One interactive {@code virsh} (no command given: it reads command lines on its standard input)
 * that answers the batches of {@link VirshBatch} one after another on its one connection to
 * libvirtd, where each batch would otherwise start a virsh process of its own (about 40 ms of CPU
 * each on the real lab, most of it the dynamic linker's, and a new connection).
 *
 * <p>virsh parses an interactive line exactly as the single argument of {@code virsh 'STRING'}
 * (vshCommandStringParse), so a batch's command string sent as one line prints exactly what that
 * virsh would: its marker lines split it into each command's answer as before. What interactive
 * mode adds comes first, and is skipped: the welcome text (once), then readline's prompt and its
 * echo of the line (with {@code TERM=dumb} a scrolled piece of it, ended by a newline; checked on
 * the real lab's libvirt 9.0). The line therefore starts with {@code echo S}, and the answer is
 * what follows the line that is exactly {@code S}.
 *
 * <p>The environment keeps the operator's files out of it: {@code INPUTRC=/dev/null} (no readline
 * key bindings), {@code XDG_CACHE_HOME=/dev/null}, so that virsh cannot write its command history
 * (vshReadlineDeinit writes {@code $XDG_CACHE_HOME/libvirt/virsh/history} at exit, in older
 * releases {@code $XDG_CACHE_HOME/virsh/history}, but cannot make a directory under {@code
 * /dev/null}; {@code VIRSH_HISTSIZE=0} would not do: virsh would write the operator's history back
 * empty), {@code TERM=dumb} (no terminal control sequences).
 */
final class VirshShell implements AutoCloseable {
  /** What keeps an interactive virsh from touching the operator's files and terminal settings. */
  static final Map<String, String> ENV =
      Map.of("TERM", "dumb", "INPUTRC", "/dev/null", "XDG_CACHE_HOME", "/dev/null");

  /** The last marker pair of a batch's command string ({@link VirshBatch#script}). */
  private static final Pattern LAST_PAIR =
      Pattern.compile("echo --err (vfmigrate-[0-9a-f]+-\\d+) ; echo \\1$");

  private final String host;
  private final Command command;
  private final Conversation conversation;
  private int exchanges;

  private boolean delivered;

  private VirshShell(String host, Command command, Conversation conversation) {
    this.host = host;
    this.command = command;
    this.conversation = conversation;
  }

  /** An interactive virsh on {@code host} with {@code env}; empty when the host cannot keep one. */
  static Optional<VirshShell> open(Host host, Map<String, String> env) {
    Map<String, String> all = new TreeMap<>(env);
    all.putAll(ENV);
    Command command = new Command(List.of("virsh"), Optional.empty(), Command.DEFAULT_TIMEOUT, all);
    return host.converse(command).map(c -> new VirshShell(host.name(), command, c));
  }

  /**
   * True when the last batch given to {@link #run} was written to virsh, so that virsh may have run
   * it even when {@link #run} had no answer; false when the shell had gone before it was written.
   */
  boolean delivered() {
    return delivered;
  }

  /** The command that started this shell. */
  Command command() {
    return command;
  }

  /** True when {@code script} is a batch's command string that a line of this shell can carry. */
  static boolean carries(String script) {
    return LAST_PAIR.matcher(script).find() && printable(script);
  }

  /** Printable ASCII only: readline would complete on a tab and convert bytes above 0x7f. */
  static boolean printable(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < 0x20 || c > 0x7e) {
        return false;
      }
    }
    return true;
  }

  /**
   * Runs a batch (a {@code virsh 'STRING'} command of {@link VirshBatch#script}) on this shell: its
   * result as that virsh would give it (exit code 0: the last command is an {@code echo}). Empty
   * when the shell did not answer in full within {@code batch}'s time limit, or has gone; the shell
   * is then of no further use.
   */
  Optional<CommandResult> run(Command batch) {
    String script = batch.argv().get(batch.argv().size() - 1);
    Matcher last = LAST_PAIR.matcher(script);
    if (!last.find()) {
      return Optional.empty();
    }
    String end = last.group(1);
    String start = end.substring(0, end.lastIndexOf('-')) + "-line" + (exchanges++);
    long began = System.nanoTime();
    delivered = false;
    if (!conversation.send("echo " + start + " ; " + script + "\n")) {
      return Optional.empty();
    }
    delivered = true;
    Optional<Conversation.Exchange> exchange =
        conversation.receive(end, "error: " + end, batch.timeout());
    if (exchange.isEmpty()) {
      if (System.nanoTime() - began >= batch.timeout().toNanos()) {
        // As a virsh of its own would have been: libvirtd did not answer in time.
        throw new CommandTimeoutException(host, batch, batch.timeout());
      }
      return Optional.empty();
    }
    String stderr = exchange.get().stderr();
    if (!stderr.startsWith("error: " + first(script) + "\n") || aboutItsConnection(stderr)) {
      // Something before the first marker (virsh could not connect when it started), or the
      // shell's connection dropped, was made again or could not be: a virsh of its own would
      // not have said so. The batch is asked again that way.
      return Optional.empty();
    }
    String stdout = exchange.get().stdout();
    int from = Conversation.lineEnd(stdout, start);
    if (from < 0) {
      return Optional.empty();
    }
    return Optional.of(
        new CommandResult(
            batch,
            0,
            stdout.substring(from),
            exchange.get().stderr(),
            Duration.ofNanos(System.nanoTime() - began)));
  }

  /** The first marker of a batch's command string: {@code echo --err M-0 ; ...}. */
  private static String first(String script) {
    int end = script.indexOf(" ; ");
    return end < 0 ? "" : script.substring("echo --err ".length(), end);
  }

  /**
   * True when virsh told of its own connection (vsh.c, virshReconnect: "failed to connect to the
   * hypervisor", "Failed to reconnect to the hypervisor", "Reconnected to the hypervisor"; its
   * close callback's "Disconnected from URI due to end of file" when libvirtd dropped it, seen on
   * the real lab with virt-admin client-disconnect; the RPC layer's "received hangup / error event
   * on socket").
   */
  static boolean aboutItsConnection(String stderr) {
    String text = stderr.toLowerCase(java.util.Locale.ROOT);
    return text.contains("connect to the hypervisor")
        || text.contains("reconnected to the hypervisor")
        || text.contains("error: disconnected from ")
        || text.contains("received hangup");
  }

  @Override
  public void close() {
    conversation.close();
  }
}
