package io.vfmigrate.e2e;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The commands a {@code vfmigrate -v} run shows ({@code [host] $ ARGV}), read back into argv: what
 * the hosts executed. File operations the host port performs itself ({@code cat}, {@code ls},
 * {@code readlink}, {@code test}, {@code mktemp}, {@code rm}, the writes of claims and temporary
 * files) are left out; a write to sysfs ({@code echo V > /sys/...}) is kept, as a write of {@code
 * path}.
 */
final class VerboseCommands {
  private static final Pattern LINE =
      Pattern.compile("^\\[([^\\]]+)\\]   \\$ (.*?)(?:   \\(exit (\\d+)\\))?$");
  private static final Pattern SYSFS_WRITE = Pattern.compile("^echo (\\S+) > (/sys/\\S+)$");
  private static final Set<String> FILE_OPERATIONS =
      Set.of("cat", "ls", "readlink", "test", "mktemp", "rm");

  private VerboseCommands() {}

  /** One command a host executed; {@code writePath} is set for a write to a sysfs file. */
  record Exec(String host, List<String> argv, String writePath, int exitCode) {
    /** How the lab's command faults see it: argv joined by spaces, or the written path. */
    String line() {
      return writePath != null ? writePath : String.join(" ", argv);
    }

    String program() {
      return argv.get(0);
    }

    /** Whether a fault whose {@code command} is {@code fault} matches this command. */
    boolean matches(String fault) {
      String line = line();
      return line.equals(fault) || line.startsWith(fault + " ");
    }

    @Override
    public String toString() {
      return host + ": " + (writePath != null ? "write " + writePath : line());
    }
  }

  static List<Exec> parse(String verboseOutput) {
    List<Exec> execs = new ArrayList<>();
    for (String line : verboseOutput.split("\n", -1)) {
      Matcher m = LINE.matcher(line);
      if (!m.matches()) {
        continue;
      }
      String host = m.group(1);
      String shown = m.group(2);
      int exit = m.group(3) == null ? 0 : Integer.parseInt(m.group(3));
      if (shown.startsWith("echo ")) {
        Matcher w = SYSFS_WRITE.matcher(shown);
        if (w.matches()) {
          execs.add(new Exec(host, List.of("echo", w.group(1)), w.group(2), exit));
        }
        continue;
      }
      List<String> argv = words(shown);
      if (isVirshBatch(argv)) {
        execs.addAll(virshBatch(host, argv));
      } else if (!FILE_OPERATIONS.contains(argv.get(0))) {
        execs.add(new Exec(host, argv, null, exit));
      }
    }
    return execs;
  }

  /**
   * A virsh that runs a batch of reads as its command string (VirshBatch), shown without its
   * markers: {@code virsh [-c URI] 'CMD ; CMD ; ...'}.
   */
  private static boolean isVirshBatch(List<String> argv) {
    return argv.get(0).equals("virsh") && argv.get(argv.size() - 1).contains(" ; ");
  }

  /**
   * The commands of a batched virsh, each as the lab's faults see it alone ({@code virsh [-c URI]
   * WORDS}): each meets its fault inside the batch as it would alone.
   */
  private static List<Exec> virshBatch(String host, List<String> argv) {
    List<String> options = argv.subList(0, argv.size() - 1);
    List<Exec> execs = new ArrayList<>();
    for (String part : argv.get(argv.size() - 1).split(" ; ")) {
      if (part.startsWith("echo ")) {
        continue;
      }
      List<String> one = new ArrayList<>(options);
      one.addAll(words(part.strip()));
      execs.add(new Exec(host, one, null, 0));
    }
    return execs;
  }

  /** Splits a line quoted as vfmigrate shows commands (POSIX single quotes, {@code '\''}). */
  static List<String> words(String line) {
    List<String> words = new ArrayList<>();
    StringBuilder word = new StringBuilder();
    boolean inWord = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (c == '\'') {
        int end = line.indexOf('\'', i + 1);
        if (end < 0) {
          throw new IllegalArgumentException("unterminated quote in: " + line);
        }
        word.append(line, i + 1, end);
        i = end;
        inWord = true;
      } else if (c == '\\' && i + 1 < line.length()) {
        word.append(line.charAt(++i));
        inWord = true;
      } else if (c == ' ') {
        if (inWord) {
          words.add(word.toString());
          word.setLength(0);
          inWord = false;
        }
      } else {
        word.append(c);
        inWord = true;
      }
    }
    if (inWord) {
      words.add(word.toString());
    }
    return words;
  }
}
