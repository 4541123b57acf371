package io.vfmigrate.workflow.claims;

import java.time.DateTimeException;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The content of a claim file: one {@code key=value} per line, readable with {@code cat}.
 *
 * <pre>
 * # vfmigrate claim: vfmigrate check reports it, vfmigrate recover clears it when stale
 * kind=vf
 * key=0000:e1:00.1
 * operation=migrate-4242-81722
 * machine=ctl1.example.com
 * pid=4242
 * since=2026-12-03T07:46:51.123Z
 * </pre>
 *
 * Parsing is strict about what identifies the owner ({@code operation}, {@code machine}, a positive
 * {@code pid}, an ISO-8601 {@code since}, each exactly once) and tolerant of the rest: blank lines,
 * {@code #} comments, spaces around keys and values, CRLF line ends, keys it does not know, a
 * missing last newline. {@code kind} and {@code key} may be absent, but when present they must name
 * the file they are in. A file that does not parse is a claim of unknown owner, with the reason.
 */
public final class ClaimFile {
  private static final List<String> REQUIRED = List.of("operation", "machine", "pid", "since");

  private ClaimFile() {}

  /** What a claim file says: its owner, or why it cannot be read. */
  public record Parsed(Optional<ClaimOwner> owner, String problem) {
    static Parsed ok(ClaimOwner owner) {
      return new Parsed(Optional.of(owner), "");
    }

    static Parsed bad(String problem) {
      return new Parsed(Optional.empty(), problem);
    }
  }

  public static String render(ClaimKind kind, String key, ClaimOwner owner) {
    return "# vfmigrate claim: vfmigrate check reports it, vfmigrate recover clears it when stale\n"
        + "kind="
        + kind.label()
        + "\nkey="
        + key
        + "\noperation="
        + owner.operation()
        + "\nmachine="
        + owner.machine()
        + "\npid="
        + owner.pid()
        + "\nsince="
        + owner.since()
        + "\n";
  }

  /** Parses the content of the claim file of {@code kind} and {@code key}. */
  public static Parsed parse(String content, ClaimKind kind, String key) {
    Map<String, String> values = new HashMap<>();
    String[] lines = content.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      int eq = line.indexOf('=');
      if (eq <= 0) {
        return Parsed.bad("line " + (i + 1) + " is not key=value: '" + printable(line) + "'");
      }
      String name = line.substring(0, eq).strip();
      if (values.put(name, line.substring(eq + 1).strip()) != null) {
        return Parsed.bad(name + "= appears twice");
      }
    }
    if (values.isEmpty()) {
      return Parsed.bad("the file is empty (being written right now, or not a vfmigrate claim)");
    }
    for (String required : REQUIRED) {
      if (!values.containsKey(required) || values.get(required).isEmpty()) {
        return Parsed.bad("no " + required + "=");
      }
    }
    String k = values.get("kind");
    if (k != null && !k.equals(kind.label())) {
      return Parsed.bad(
          "says kind=" + printable(k) + " but lies among the " + kind.label() + " claims");
    }
    String named = values.get("key");
    if (named != null && !named.equals(key)) {
      return Parsed.bad("says key=" + printable(named) + " but is the claim of " + key);
    }
    long pid;
    try {
      pid = Long.parseLong(values.get("pid"));
    } catch (NumberFormatException e) {
      return Parsed.bad("pid=" + printable(values.get("pid")) + " is not a number");
    }
    if (pid <= 0) {
      return Parsed.bad("pid=" + pid + " is not a process id");
    }
    Instant since;
    try {
      since = Instant.parse(values.get("since"));
    } catch (DateTimeException e) {
      return Parsed.bad(
          "since="
              + printable(values.get("since"))
              + " is not an instant like 2026-12-03T07:46:51Z");
    }
    try {
      return Parsed.ok(new ClaimOwner(values.get("operation"), values.get("machine"), pid, since));
    } catch (IllegalArgumentException e) {
      return Parsed.bad(e.getMessage());
    }
  }

  private static String printable(String s) {
    StringBuilder out = new StringBuilder();
    s.codePoints()
        .limit(80)
        .forEach(c -> out.append(Character.isISOControl(c) ? "?" : Character.toString(c)));
    return out.toString();
  }
}
