package io.vfmigrate.workflow.recover;

import java.util.List;
import java.util.Optional;

/** Reads an option back from the arguments an operation was journaled with. */
final class Arguments {
  private Arguments() {}

  static Optional<String> value(String arguments, String option) {
    List<String> words = List.of(arguments.strip().split("\\s+"));
    for (int i = 0; i < words.size(); i++) {
      String w = words.get(i);
      if (w.equals(option) && i + 1 < words.size()) {
        return Optional.of(unquote(words.get(i + 1)));
      }
      if (w.startsWith(option + "=")) {
        return Optional.of(unquote(w.substring(option.length() + 1)));
      }
    }
    return Optional.empty();
  }

  private static String unquote(String w) {
    return w.length() >= 2 && w.startsWith("'") && w.endsWith("'")
        ? w.substring(1, w.length() - 1)
        : w;
  }
}
