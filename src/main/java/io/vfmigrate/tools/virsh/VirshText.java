package io.vfmigrate.tools.virsh;

import java.util.ArrayList;
import java.util.List;

/** virsh's output conventions (tools/vsh.c). */
final class VirshText {
  private VirshText() {}

  /**
   * The output without the empty line virsh prints after every command that is not run with {@code
   * -q} ({@code vshPrintExtra(ctl, "\n")}); output without it is returned as it is.
   */
  static String body(String stdout) {
    String text = stdout.replace("\r\n", "\n");
    return text.endsWith("\n\n") ? text.substring(0, text.length() - 1) : text;
  }

  /** The non-blank lines of the output, stripped of surrounding whitespace. */
  static List<String> lines(String stdout) {
    List<String> out = new ArrayList<>();
    for (String line : body(stdout).split("\n", -1)) {
      if (!line.isBlank()) {
        out.add(line.strip());
      }
    }
    return out;
  }
}
