package io.vfmigrate.lab.tools;

/**
 * iproute2's json_writer (lib/json_writer.c): compact by default; pretty output indents by four
 * spaces and puts a space after the colon; the stream ends with one newline.
 */
public final class IprouteJson {
  private final StringBuilder out = new StringBuilder();
  private final boolean pretty;
  private int depth;
  private char sep = '\0';

  public IprouteJson(boolean pretty) {
    this.pretty = pretty;
  }

  public IprouteJson startObject() {
    eor();
    out.append('{');
    depth++;
    sep = '\0';
    return this;
  }

  public IprouteJson startObject(String name) {
    name(name);
    return startObject();
  }

  public IprouteJson endObject() {
    depth--;
    if (sep != '\0') {
      eol();
    }
    out.append('}');
    sep = ',';
    return this;
  }

  public IprouteJson string(String name, String value) {
    name(name);
    eor();
    puts(value);
    return this;
  }

  public IprouteJson uint(String name, long value) {
    name(name);
    eor();
    out.append(value);
    return this;
  }

  public IprouteJson bool(String name, boolean value) {
    name(name);
    eor();
    out.append(value);
    return this;
  }

  /** The document with jsonw_destroy's final newline. */
  public String finish() {
    return out + "\n";
  }

  private void name(String name) {
    eor();
    eol();
    sep = '\0';
    puts(name);
    out.append(':');
    if (pretty) {
      out.append(' ');
    }
  }

  private void eor() {
    if (sep != '\0') {
      out.append(sep);
    }
    sep = ',';
  }

  private void eol() {
    if (!pretty) {
      return;
    }
    out.append('\n');
    out.append("    ".repeat(depth));
  }

  private void puts(String s) {
    out.append('"');
    for (char c : s.toCharArray()) {
      switch (c) {
        case '\t' -> out.append("\\t");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\f' -> out.append("\\f");
        case '\b' -> out.append("\\b");
        case '\\' -> out.append("\\\\");
        case '"' -> out.append("\\\"");
        default -> out.append(c);
      }
    }
    out.append('"');
  }
}
