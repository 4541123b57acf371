package io.vfmigrate.tools.kernel;

import io.vfmigrate.tools.ToolOutputException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Parses {@code modinfo MODULE}. kmod prints each field as {@code printf("%s:%-*s%s\n", key, 15 -
 * keylen, "", value)} (tools/modinfo.c {@code print_line}), so the value starts at column 16, or
 * right after the colon for keys of 15 characters or more; the signature is continued on lines that
 * start with tabs. The value is everything after the first colon, stripped: aliases contain colons
 * themselves. Unknown keys are ignored.
 */
public final class ModinfoParser {
  private ModinfoParser() {}

  public static ModuleInfo parse(String stdout) {
    String filename = null;
    Optional<String> name = Optional.empty();
    Optional<String> description = Optional.empty();
    Optional<String> vermagic = Optional.empty();
    List<String> aliases = new ArrayList<>();
    List<String> depends = new ArrayList<>();
    for (String line : stdout.split("\n")) {
      if (line.isEmpty() || Character.isWhitespace(line.charAt(0))) {
        continue; // blank, or a continuation of a multi-line value (sig_key, signature)
      }
      int colon = line.indexOf(':');
      if (colon <= 0) {
        continue;
      }
      String key = line.substring(0, colon);
      String value = line.substring(colon + 1).strip();
      switch (key) {
        case "filename" -> filename = value;
        case "name" -> name = Optional.of(value);
        case "description" -> description = Optional.of(value);
        case "vermagic" -> vermagic = Optional.of(value);
        case "alias" -> aliases.add(value);
        case "depends" ->
            Arrays.stream(value.split(","))
                .map(String::strip)
                .filter(s -> !s.isEmpty())
                .forEach(depends::add);
        default -> {
          // author, license, srcversion, parm, sig_*, ...: not needed
        }
      }
    }
    if (filename == null) {
      throw new ToolOutputException("modinfo", "no 'filename:' line", stdout);
    }
    return new ModuleInfo(filename, name, description, aliases, depends, vermagic);
  }
}
