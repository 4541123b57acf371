package io.vfmigrate.lab.tools.virsh;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * QMP replies as {@code virsh qemu-monitor-command} prints them.
 *
 * <p>Member order is QEMU's: a QDict iterates its 512 hash buckets in order, {@code tdb_hash(key) %
 * 512} (qobject/qdict.c), and inserts at the head of a bucket, so a reply's keys come out in bucket
 * order, not in schema order. libvirt keeps that order when it re-serializes the reply
 * (src/util/virjson.c): compact ({@code {"a":1,"b":2}}) by default, json-c's pretty and spaced form
 * with two-space indents for {@code --pretty}. Floating-point numbers are QEMU's {@code %.17g}.
 */
public final class MigrationJson {
  private static final int QDICT_BUCKETS = 512;

  private MigrationJson() {}

  /** A QEMU object: members in the order QEMU inserts them (the QAPI schema order). */
  public static final class QDict {
    private final List<Map.Entry<String, Object>> entries = new ArrayList<>();

    QDict put(String key, Object value) {
      entries.add(Map.entry(key, value));
      return this;
    }

    boolean isEmpty() {
      return entries.isEmpty();
    }

    /** The members as QEMU iterates them. */
    List<Map.Entry<String, Object>> iterationOrder() {
      List<Map.Entry<String, Object>> ordered = new ArrayList<>();
      for (int i = entries.size() - 1; i >= 0; i--) {
        ordered.add(entries.get(i));
      }
      // Stable sort by bucket; within a bucket the last inserted comes first (reversed above).
      ordered.sort(Comparator.comparingInt(e -> bucket(e.getKey())));
      return ordered;
    }
  }

  /** A floating-point number, printed as C's {@code %.17g}. */
  public record Real(double value) {}

  /** qobject/qdict.c {@code tdb_hash}, the bucket of a key. */
  public static int bucket(String key) {
    byte[] bytes = key.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    int value = 0x238F13AF * bytes.length;
    for (int i = 0; i < bytes.length; i++) {
      value = value + ((bytes[i] & 0xff) << (i * 5 % 24));
    }
    int hash = 1103515243 * value + 12345;
    return (int) (Integer.toUnsignedLong(hash) % QDICT_BUCKETS);
  }

  public static String compact(Object value) {
    StringBuilder out = new StringBuilder();
    write(out, value, -1);
    return out.toString();
  }

  /** json-c's {@code JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_SPACED}, as libvirt asks. */
  public static String pretty(Object value) {
    StringBuilder out = new StringBuilder();
    write(out, value, 0);
    return out.toString();
  }

  private static void write(StringBuilder out, Object value, int level) {
    boolean pretty = level >= 0;
    if (value instanceof QDict dict) {
      out.append('{');
      if (pretty) {
        out.append('\n');
      }
      boolean first = true;
      for (Map.Entry<String, Object> e : dict.iterationOrder()) {
        if (!first) {
          out.append(',');
          if (pretty) {
            out.append('\n');
          }
        }
        first = false;
        indent(out, level + 1);
        string(out, e.getKey());
        out.append(pretty ? ": " : ":");
        write(out, e.getValue(), pretty ? level + 1 : -1);
      }
      if (pretty) {
        if (!first) {
          out.append('\n');
        }
        indent(out, level);
      }
      out.append('}');
    } else if (value instanceof List<?> list) {
      out.append('[');
      if (pretty) {
        out.append('\n');
      }
      boolean first = true;
      for (Object item : list) {
        if (!first) {
          out.append(',');
          if (pretty) {
            out.append('\n');
          }
        }
        first = false;
        indent(out, level + 1);
        write(out, item, pretty ? level + 1 : -1);
      }
      if (pretty) {
        if (!first) {
          out.append('\n');
        }
        indent(out, level);
      }
      out.append(']');
    } else if (value instanceof String s) {
      string(out, s);
    } else if (value instanceof Real r) {
      out.append(formatG17(r.value()));
    } else if (value instanceof Boolean || value instanceof Long || value instanceof Integer) {
      out.append(value);
    } else {
      throw new IllegalArgumentException("not a JSON value: " + value);
    }
  }

  private static void indent(StringBuilder out, int level) {
    for (int i = 0; i < level; i++) {
      out.append("  ");
    }
  }

  private static void string(StringBuilder out, String s) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20) {
            out.append(String.format(java.util.Locale.ROOT, "\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }

  /** C's {@code printf("%.17g", value)}. */
  public static String formatG17(double value) {
    if (value == 0) {
      return (1 / value < 0) ? "-0" : "0";
    }
    if (Double.isNaN(value) || Double.isInfinite(value)) {
      throw new IllegalArgumentException("JSON has no " + value);
    }
    BigDecimal rounded = new BigDecimal(value).round(new MathContext(17, RoundingMode.HALF_EVEN));
    int exponent = rounded.precision() - rounded.scale() - 1;
    if (exponent < -4 || exponent >= 17) {
      BigDecimal mantissa = rounded.movePointLeft(exponent);
      String m = stripZeros(mantissa.toPlainString());
      String sign = exponent < 0 ? "-" : "+";
      int abs = Math.abs(exponent);
      return m + "e" + sign + (abs < 10 ? "0" : "") + abs;
    }
    return stripZeros(rounded.toPlainString());
  }

  private static String stripZeros(String plain) {
    if (!plain.contains(".")) {
      return plain;
    }
    String s = plain.replaceAll("0+$", "");
    return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
  }
}
