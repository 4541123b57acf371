package io.vfmigrate.tools.virsh;

import io.vfmigrate.host.Command;
import io.vfmigrate.host.CommandResult;
import io.vfmigrate.host.Host;
import io.vfmigrate.host.Read;
import io.vfmigrate.host.ReadResult;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Read-only virsh commands of one batch that share a connection, asked in one virsh process: virsh
 * runs a single argument as a command string, commands separated by {@code ;} (virsh.c: one
 * argument goes to vshCommandStringParse). Each virsh process costs about 20 ms of CPU and a
 * connection to libvirtd; the guards' first batch asks 5 to 7 of them per host.
 *
 * <p>The answers are told apart by markers: after each command, {@code echo --err M} (stderr:
 * {@code error: M}) and {@code echo M} (stdout). libvirt 9.0's {@code echo --err} also writes an
 * empty line to stdout; a marker pair before the first command measures what a pair adds to stdout
 * and that is taken off each answer, so each command's stdout and stderr are byte for byte what it
 * prints alone (checked on the real lab's libvirt 9.0 for every command batched here). A command
 * failed when its stderr has an {@code error:} line (virsh's exit code is the last command's). When
 * the markers are not all there (virsh could not connect, an older virsh without {@code echo
 * --err}), each read runs on its own as before: its answer is the tool's, never a guess.
 *
 * <p>Only commands that change nothing are batched, each argument single-quoted (virsh's parser
 * takes everything inside literally); an argument with a quote or a line break, a command with
 * stdin or another environment stays on its own.
 */
public final class VirshBatch {
  /** virsh commands that only read, whose output is what they print alone. */
  static final Set<String> READ_ONLY =
      Set.of(
          "version",
          "list",
          "capabilities",
          "domcapabilities",
          "domstate",
          "dumpxml",
          "nodememstats",
          "domjobinfo",
          "qemu-monitor-command",
          "nodedev-dumpxml",
          "domstats");

  private static final SecureRandom RANDOM = new SecureRandom();

  private VirshBatch() {}

  /**
   * Performs {@code reads} on {@code host} in one batch, the virsh commands of each connection in
   * one process; the results are in the order of {@code reads}.
   */
  public static List<ReadResult> readAll(Host host, List<Read> reads) {
    return readAll(host, reads, newMarker());
  }

  /** A batch's marker: {@code vfmigrate-} and 8 random hex digits. */
  static String newMarker() {
    return "vfmigrate-" + HexFormat.of().toHexDigits(RANDOM.nextInt());
  }

  /** With the marker given (tests replay a batch captured with a known one). */
  static List<ReadResult> readAll(Host host, List<Read> reads, String marker) {
    Map<Connection, List<Integer>> groups = new LinkedHashMap<>();
    for (int i = 0; i < reads.size(); i++) {
      int index = i;
      connection(reads.get(i))
          .ifPresent(c -> groups.computeIfAbsent(c, k -> new ArrayList<>()).add(index));
    }
    groups.values().removeIf(g -> g.size() < 2);
    if (groups.isEmpty()) {
      return host.readAll(reads);
    }
    // One virsh per group first, then the other reads in their order: answers come back so.
    List<Read> asked = new ArrayList<>();
    boolean[] batched = new boolean[reads.size()];
    for (Map.Entry<Connection, List<Integer>> g : groups.entrySet()) {
      List<Command> commands = new ArrayList<>();
      for (int i : g.getValue()) {
        batched[i] = true;
        commands.add(((Read.Run) reads.get(i)).command());
      }
      asked.add(new Read.Run(script(g.getKey(), commands, marker)));
    }
    for (int i = 0; i < reads.size(); i++) {
      if (!batched[i]) {
        asked.add(reads.get(i));
      }
    }
    List<ReadResult> answers = host.readAll(asked);
    ReadResult[] out = new ReadResult[reads.size()];
    int next = 0;
    for (List<Integer> members : groups.values()) {
      List<Read> originals = members.stream().map(reads::get).toList();
      List<ReadResult> split = split(answers.get(next++), originals, marker);
      if (split.isEmpty()) {
        split = host.readAll(originals);
      }
      for (int k = 0; k < members.size(); k++) {
        out[members.get(k)] = split.get(k);
      }
    }
    for (int i = 0; i < reads.size(); i++) {
      if (!batched[i]) {
        out[i] = answers.get(next++);
      }
    }
    return List.of(out);
  }

  /** What commands share a process: the same connection option, environment and time limit. */
  record Connection(List<String> options, Map<String, String> env, Duration limit) {
    // Written out rather than generated (see RecordMethodsTest): a map key of every batch.
    @Override
    public boolean equals(Object o) {
      return o instanceof Connection c
          && options.equals(c.options)
          && env.equals(c.env)
          && limit.equals(c.limit);
    }

    @Override
    public int hashCode() {
      return (options.hashCode() * 31 + env.hashCode()) * 31 + limit.hashCode();
    }
  }

  /** The connection of a read virsh may batch; empty for anything else. */
  static Optional<Connection> connection(Read read) {
    if (!(read instanceof Read.Run run)) {
      return Optional.empty();
    }
    Command c = run.command();
    List<String> argv = c.argv();
    if (c.stdin().isPresent() || argv.size() < 2 || !argv.get(0).equals("virsh")) {
      return Optional.empty();
    }
    int start = 1;
    if (argv.get(1).equals("-c") && argv.size() > 3) {
      start = 3;
    }
    if (!READ_ONLY.contains(argv.get(start))) {
      return Optional.empty();
    }
    for (String arg : argv.subList(start, argv.size())) {
      if (!quotable(arg)) {
        return Optional.empty();
      }
    }
    return Optional.of(new Connection(List.copyOf(argv.subList(1, start)), c.env(), c.timeout()));
  }

  private static boolean quotable(String arg) {
    return arg.indexOf('\'') < 0 && arg.indexOf('\n') < 0 && arg.indexOf('\r') < 0;
  }

  /** One virsh with a marker pair first, then each command followed by its pair. */
  static Command script(Connection connection, List<Command> commands, String marker) {
    StringBuilder s = new StringBuilder(pair(marker, 0));
    for (int i = 0; i < commands.size(); i++) {
      List<String> argv = commands.get(i).argv();
      List<String> words = argv.subList(1 + connection.options().size(), argv.size());
      s.append(" ; ");
      for (String w : words) {
        s.append('\'').append(w).append("' ");
      }
      s.append("; ").append(pair(marker, i + 1));
    }
    List<String> argv = new ArrayList<>();
    argv.add("virsh");
    argv.addAll(connection.options());
    argv.add(s.toString());
    return new Command(argv, Optional.empty(), connection.limit(), connection.env());
  }

  /** A marker pair between two commands of a batch's command string. */
  private static final java.util.regex.Pattern PAIR =
      java.util.regex.Pattern.compile("echo --err (vfmigrate-[0-9a-f]+)-\\d+ ; echo \\1-\\d+");

  /** A single-quoted word of a batched command ({@link #script}: nothing inside is escaped). */
  private static final java.util.regex.Pattern WORD = java.util.regex.Pattern.compile("'([^']*)'");

  /**
   * How {@code -v} shows a batch's argv: its command string without the marker pairs, each command
   * quoted as it would be typed ({@code virsh 'version ; list --all --name ; domstate vm1'}), which
   * runs the same commands; any other argv as it is.
   */
  public static List<String> shown(List<String> argv) {
    if (argv.size() < 2 || !argv.get(0).equals("virsh")) {
      return argv;
    }
    String script = argv.get(argv.size() - 1);
    if (!script.startsWith("echo --err vfmigrate-")) {
      return argv;
    }
    List<String> commands = new ArrayList<>();
    for (String part : PAIR.split(script)) {
      String command = part.strip();
      if (command.startsWith(";")) {
        command = command.substring(1);
      }
      if (command.endsWith(";")) {
        command = command.substring(0, command.length() - 1);
      }
      command = command.strip();
      if (command.isEmpty()) {
        continue;
      }
      List<String> words = new ArrayList<>();
      java.util.regex.Matcher m = WORD.matcher(command);
      while (m.find()) {
        words.add(m.group(1));
      }
      commands.add(io.vfmigrate.host.ShellQuoting.join(words));
    }
    if (commands.isEmpty()) {
      return argv;
    }
    List<String> out = new ArrayList<>(argv.subList(0, argv.size() - 1));
    out.add(String.join(" ; ", commands));
    return out;
  }

  private static String pair(String marker, int n) {
    return "echo --err " + marker + "-" + n + " ; echo " + marker + "-" + n;
  }

  /**
   * Each command's answer from the batch's, in order; empty when the markers are not all there (the
   * caller then asks each alone).
   */
  static List<ReadResult> split(ReadResult batch, List<Read> originals, String marker) {
    if (batch.error() != null) {
      return List.of();
    }
    CommandResult r = batch.commandResult();
    int n = originals.size();
    Optional<List<String>> out = segments(r.stdout(), "", marker, n + 1);
    Optional<List<String>> err = segments(r.stderr(), "error: ", marker, n + 1);
    if (out.isEmpty() || err.isEmpty() || !err.get().get(0).isEmpty()) {
      return List.of();
    }
    String extra = out.get().get(0);
    List<ReadResult> results = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      String stdout = out.get().get(i + 1);
      if (!stdout.endsWith(extra)) {
        return List.of();
      }
      stdout = stdout.substring(0, stdout.length() - extra.length());
      String stderr = err.get().get(i + 1);
      boolean failed = stderr.lines().anyMatch(l -> l.startsWith("error: "));
      Read read = originals.get(i);
      results.add(
          ReadResult.of(
              read,
              new CommandResult(
                  ((Read.Run) read).command(), failed ? 1 : 0, stdout, stderr, r.duration())));
    }
    return results;
  }

  /**
   * The text before each of the {@code count} marker lines ({@code prefix + marker-k}, k = 0..), in
   * order; empty unless they are all there, in order, and nothing follows the last.
   */
  private static Optional<List<String>> segments(
      String text, String prefix, String marker, int count) {
    List<String> segments = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (String line : text.split("(?<=\n)")) {
      if (line.equals(prefix + marker + "-" + segments.size() + "\n")) {
        segments.add(current.toString());
        current.setLength(0);
      } else {
        current.append(line);
      }
    }
    if (segments.size() != count || current.length() > 0) {
      return Optional.empty();
    }
    return Optional.of(segments);
  }
}
