package io.vfmigrate.tools.ovs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads values as {@code ovs-vsctl get} prints them (openvswitch lib/ovsdb-data.c {@code
 * ovsdb_datum_to_string} and {@code ovsdb_atom_to_string}):
 *
 * <ul>
 *   <li>a map is {@code {k1=v1, k2=v2}} (keys sorted, {@code ", "} between pairs), {@code {}} when
 *       empty;
 *   <li>a set, or an optional value, is {@code [a, b]}, {@code []} when empty; a column with at
 *       most one value prints its single value bare;
 *   <li>a string atom is bare when it starts with a letter or {@code _}, has only alnum, {@code _},
 *       {@code -} and {@code .}, is not {@code true}/{@code false} and does not look like a UUID;
 *       otherwise it is a JSON string ({@code json_to_ds}) with JSON escapes.
 * </ul>
 */
public final class OvsdbText {
  private static final ObjectMapper JSON = new ObjectMapper();

  private OvsdbText() {}

  /** Parses a map such as {@code {hw-offload="true", max-idle="300000"}}. */
  public static Map<String, String> parseMap(String text) {
    List<String> tokens = items(text.strip(), '{', '}');
    Map<String, String> map = new LinkedHashMap<>();
    for (String item : tokens) {
      Reader r = new Reader(item);
      String key = r.atom();
      r.skipSpaces();
      r.expect('=');
      r.skipSpaces();
      String value = r.atom();
      r.skipSpaces();
      r.expectEnd();
      map.put(key, value);
    }
    return map;
  }

  /** Parses a column holding zero or one string: {@code []} or a single atom. */
  public static Optional<String> parseOptional(String text) {
    String t = text.strip();
    if (t.startsWith("[")) {
      List<String> items = items(t, '[', ']');
      if (items.isEmpty()) {
        return Optional.empty();
      }
      if (items.size() > 1) {
        throw new IllegalArgumentException("more than one value: " + t);
      }
      t = items.get(0);
    }
    return Optional.of(parseAtom(t));
  }

  /** Parses one atom, bare or quoted. */
  public static String parseAtom(String text) {
    Reader r = new Reader(text.strip());
    String atom = r.atom();
    r.expectEnd();
    return atom;
  }

  /** The items between the delimiters, split on top-level commas (outside quoted strings). */
  private static List<String> items(String text, char open, char close) {
    if (text.length() < 2 || text.charAt(0) != open || text.charAt(text.length() - 1) != close) {
      throw new IllegalArgumentException("expected " + open + "..." + close + ": " + text);
    }
    String inner = text.substring(1, text.length() - 1).strip();
    List<String> out = new ArrayList<>();
    if (inner.isEmpty()) {
      return out;
    }
    StringBuilder current = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < inner.length(); i++) {
      char c = inner.charAt(i);
      if (quoted) {
        current.append(c);
        if (c == '\\' && i + 1 < inner.length()) {
          current.append(inner.charAt(++i));
        } else if (c == '"') {
          quoted = false;
        }
      } else if (c == '"') {
        quoted = true;
        current.append(c);
      } else if (c == ',') {
        out.add(current.toString().strip());
        current.setLength(0);
      } else {
        current.append(c);
      }
    }
    if (quoted) {
      throw new IllegalArgumentException("unterminated quoted string: " + text);
    }
    out.add(current.toString().strip());
    return out;
  }

  /** A cursor over one item. */
  private static final class Reader {
    private final String s;
    private int pos;

    Reader(String s) {
      this.s = s;
    }

    String atom() {
      if (pos < s.length() && s.charAt(pos) == '"') {
        int start = pos++;
        while (pos < s.length() && s.charAt(pos) != '"') {
          pos += s.charAt(pos) == '\\' ? 2 : 1;
        }
        if (pos >= s.length()) {
          throw new IllegalArgumentException("unterminated quoted string: " + s);
        }
        pos++;
        try {
          return JSON.readValue(s.substring(start, pos), String.class);
        } catch (JsonProcessingException e) {
          throw new IllegalArgumentException("bad quoted string: " + s, e);
        }
      }
      int start = pos;
      while (pos < s.length() && "=,{}[] \t".indexOf(s.charAt(pos)) < 0) {
        pos++;
      }
      if (start == pos) {
        throw new IllegalArgumentException("expected a value at " + pos + ": " + s);
      }
      return s.substring(start, pos);
    }

    void skipSpaces() {
      while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) {
        pos++;
      }
    }

    void expect(char c) {
      if (pos >= s.length() || s.charAt(pos) != c) {
        throw new IllegalArgumentException("expected '" + c + "' at " + pos + ": " + s);
      }
      pos++;
    }

    void expectEnd() {
      if (pos != s.length()) {
        throw new IllegalArgumentException("unexpected text at " + pos + ": " + s);
      }
    }
  }
}
