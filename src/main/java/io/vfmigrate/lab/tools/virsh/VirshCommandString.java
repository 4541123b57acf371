package io.vfmigrate.lab.tools.virsh;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * virsh's parser of a command string (vsh.c vshCommandStringGetArg), which virsh applies to its one
 * argument when it is given exactly one after the options: commands separated by {@code ;} or a
 * line break, words by blanks; inside single quotes everything is literal, inside double quotes a
 * backslash escapes the next character, as it does outside quotes; a word starting with {@code #}
 * starts a comment to the end of the line.
 */
final class VirshCommandString {
  private VirshCommandString() {}

  /** The commands, each its words; empty for a backslash at the very end (virsh: dangling \). */
  static Optional<List<List<String>>> parse(String text) {
    List<List<String>> commands = new ArrayList<>();
    List<String> words = new ArrayList<>();
    int i = 0;
    int n = text.length();
    while (i < n) {
      char c = text.charAt(i);
      if (c == ' ' || c == '\t') {
        i++;
        continue;
      }
      if (c == ';' || c == '\n') {
        if (!words.isEmpty()) {
          commands.add(words);
          words = new ArrayList<>();
        }
        i++;
        continue;
      }
      if (c == '#') {
        while (i < n && text.charAt(i) != '\n') {
          i++;
        }
        continue;
      }
      StringBuilder word = new StringBuilder();
      char quote = 0;
      while (i < n) {
        c = text.charAt(i);
        if (quote == 0 && (c == ' ' || c == '\t' || c == ';' || c == '\n')) {
          break;
        }
        if (quote != '\'' && c == '\\') {
          if (i + 1 >= n) {
            return Optional.empty();
          }
          word.append(text.charAt(i + 1));
          i += 2;
          continue;
        }
        if ((c == '\'' || c == '"') && (quote == 0 || quote == c)) {
          quote = quote == 0 ? c : 0;
          i++;
          continue;
        }
        word.append(c);
        i++;
      }
      // An unclosed quote ends with the text (virsh 9.0: "echo 'abc" prints abc).
      words.add(word.toString());
    }
    if (!words.isEmpty()) {
      commands.add(words);
    }
    return Optional.of(commands);
  }
}
