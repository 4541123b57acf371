package io.vfmigrate.lab.tools;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the emulated tools print under a host's language, as gettext translates the real tools'
 * messages. The emulators write English; a line that one of the catalogued messages (msgid) formats
 * is rewritten with its translation (msgstr), the values carried over in order. Untranslated lines
 * stay English, as with a real catalogue that lacks them.
 *
 * <p>The language is that of {@code LC_ALL}, else {@code LC_MESSAGES}, else {@code LANG} of the
 * command's environment, else the host's own locale (its {@code LANG}); {@code C}, {@code POSIX}
 * and {@code C.*} mean English. Every message below is copied from the project's own catalogue,
 * never written here:
 *
 * <ul>
 *   <li>virsh: libvirt po/ja.po (commit 0086221cb377, tools/virsh-host.c {@code cmdVersion});
 *   <li>rpm: rpm po/ja.po (commit 71ec44b0f3f3, lib/query.c);
 *   <li>dpkg-query: dpkg po/ja.po (commit c5efef926d16, src/query/main.c, printed by {@code
 *       notice()} after the program name).
 * </ul>
 */
public final class Translations {
  /** One catalogued message: the English format, its translation, and an untranslated prefix. */
  private record Message(String prefix, String msgid, String msgstr) {
    Message {
      if (conversions(msgid).size() != conversions(msgstr).size()) {
        throw new IllegalArgumentException("msgid and msgstr differ in conversions: " + msgid);
      }
    }
  }

  private static final Pattern CONVERSION = Pattern.compile("%[sd]");

  private static final Map<String, Map<String, List<Message>>> CATALOGUES =
      Map.of(
          "ja",
          Map.of(
              "virsh",
              List.of(
                  new Message(
                      "",
                      "Compiled against library: libvirt %d.%d.%d\n",
                      "コンパイル時に使用したライブラリ: libvirt %d.%d.%d\n"),
                  new Message(
                      "", "Using library: libvirt %d.%d.%d\n", "使用中のライブラリ: libvirt %d.%d.%d\n"),
                  new Message("", "Using API: %s %d.%d.%d\n", "使用中の API: %s %d.%d.%d\n"),
                  new Message(
                      "", "Running hypervisor: %s %d.%d.%d\n", "実行中のハイパーバイザー: %s %d.%d.%d\n"),
                  new Message("", "Running against daemon: %d.%d.%d\n", "デーモンに対して実行中: %d.%d.%d\n")),
              "rpm",
              List.of(
                  new Message("", "package %s is not installed\n", "パッケージ %s はインストールされていません\n")),
              "dpkg-query",
              List.of(
                  new Message(
                      "dpkg-query: ", "no packages found matching %s", "%s に一致するパッケージが見つかりません"))));

  private Translations() {}

  /**
   * The language a command's messages come in: the two- or three-letter code of the effective
   * locale, or empty for English.
   */
  public static Optional<String> language(String hostLocale, Map<String, String> env) {
    String locale = null;
    for (String name : List.of("LC_ALL", "LC_MESSAGES", "LANG")) {
      String value = env.get(name);
      if (value != null && !value.isEmpty()) {
        locale = value;
        break;
      }
    }
    if (locale == null) {
      locale = hostLocale;
    }
    if (locale == null || locale.isEmpty()) {
      return Optional.empty();
    }
    String language = locale.split("[_.@]", 2)[0];
    if (language.equals("C") || language.equals("POSIX")) {
      return Optional.empty();
    }
    return Optional.of(language.toLowerCase(Locale.ROOT));
  }

  /** {@code program}'s output as it reads in {@code language}. */
  public static ToolOutput translate(String program, Optional<String> language, ToolOutput out) {
    if (language.isEmpty()) {
      return out;
    }
    List<Message> catalogue =
        CATALOGUES.getOrDefault(language.get(), Map.of()).getOrDefault(program, List.of());
    if (catalogue.isEmpty()) {
      return out;
    }
    return ToolOutput.of(
        out.exitCode(), translate(catalogue, out.stdout()), translate(catalogue, out.stderr()));
  }

  private static String translate(List<Message> catalogue, String text) {
    StringBuilder result = new StringBuilder();
    for (String line : text.split("(?<=\n)")) {
      boolean newline = line.endsWith("\n");
      String bare = newline ? line.substring(0, line.length() - 1) : line;
      result.append(translateLine(catalogue, bare));
      if (newline) {
        result.append('\n');
      }
    }
    return result.toString();
  }

  private static String translateLine(List<Message> catalogue, String line) {
    for (Message m : catalogue) {
      Matcher match = pattern(m).matcher(line);
      if (match.matches()) {
        List<String> values = new ArrayList<>();
        for (int i = 1; i <= match.groupCount(); i++) {
          values.add(match.group(i));
        }
        return m.prefix() + fill(stripNewline(m.msgstr()), values);
      }
    }
    return line;
  }

  private static Pattern pattern(Message m) {
    String format = stripNewline(m.msgid());
    StringBuilder regex = new StringBuilder(Pattern.quote(m.prefix()));
    Matcher c = CONVERSION.matcher(format);
    int at = 0;
    while (c.find()) {
      regex.append(Pattern.quote(format.substring(at, c.start())));
      regex.append(c.group().equals("%d") ? "(-?\\d+)" : "(.+?)");
      at = c.end();
    }
    regex.append(Pattern.quote(format.substring(at)));
    return Pattern.compile(regex.toString());
  }

  private static String fill(String format, List<String> values) {
    StringBuilder out = new StringBuilder();
    Matcher c = CONVERSION.matcher(format);
    int at = 0;
    int next = 0;
    while (c.find()) {
      out.append(format, at, c.start()).append(values.get(next++));
      at = c.end();
    }
    return out.append(format.substring(at)).toString();
  }

  private static List<String> conversions(String format) {
    List<String> found = new ArrayList<>();
    Matcher c = CONVERSION.matcher(format);
    while (c.find()) {
      found.add(c.group());
    }
    return found;
  }

  private static String stripNewline(String s) {
    return s.endsWith("\n") ? s.substring(0, s.length() - 1) : s;
  }
}
