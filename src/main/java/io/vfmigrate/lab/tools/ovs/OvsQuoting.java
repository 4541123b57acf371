package io.vfmigrate.lab.tools.ovs;

import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/** How ovs-vsctl prints OVSDB atoms and maps (openvswitch lib/ovsdb-data.c). */
public final class OvsQuoting {
  private static final Pattern UUID =
      Pattern.compile(
          "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

  private OvsQuoting() {}

  /** {@code string_needs_quotes}: not an identifier-like word, a boolean, or a UUID. */
  public static boolean needsQuotes(String s) {
    if (s.isEmpty()) {
      return true;
    }
    char first = s.charAt(0);
    if (!isAsciiLetter(first) && first != '_') {
      return true;
    }
    for (int i = 1; i < s.length(); i++) {
      char c = s.charAt(i);
      if (!isAsciiLetter(c) && !(c >= '0' && c <= '9') && c != '_' && c != '-' && c != '.') {
        return true;
      }
    }
    return s.equals("true") || s.equals("false") || UUID.matcher(s).matches();
  }

  private static boolean isAsciiLetter(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }

  /** A string atom, quoted as a JSON string when it needs quotes. */
  public static String string(String s) {
    if (!needsQuotes(s)) {
      return s;
    }
    StringBuilder out = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\t' -> out.append("\\t");
        default -> out.append(c);
      }
    }
    return out.append('"').toString();
  }

  /** A string-to-string map, keys in OVSDB's sorted order: {@code {a="1", b=x}}. */
  public static String map(Map<String, String> map) {
    StringBuilder out = new StringBuilder("{");
    String sep = "";
    for (Map.Entry<String, String> e : new TreeMap<>(map).entrySet()) {
      out.append(sep).append(string(e.getKey())).append('=').append(string(e.getValue()));
      sep = ", ";
    }
    return out.append('}').toString();
  }

  /** Parses a string atom as given on the command line: bare, or a JSON-quoted string. */
  public static String parseAtom(String text) {
    if (text.length() >= 2 && text.startsWith("\"") && text.endsWith("\"")) {
      return text.substring(1, text.length() - 1).replace("\\\"", "\"").replace("\\\\", "\\");
    }
    return text;
  }
}
