package io.vfmigrate.tools.mstflint;

import io.vfmigrate.model.FirmwareVersion;
import io.vfmigrate.model.InvalidInputException;
import io.vfmigrate.tools.ToolOutputException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Parses {@code mstflint -d DEV q} ({@code flint/subcommands.cpp} {@code
 * QuerySubCommand::printInfo}: every label is {@code printf("%-23s")}-padded, e.g. {@code "FW
 * Version: 28.41.1000"}). Lines are split at the first colon followed by whitespace, so labels such
 * as {@code FW Version(Running):} are kept whole; continuation lines (Rom Info), table lines (Base
 * GUID) and labels added by newer versions are ignored.
 */
public final class FlintQueryParser {
  private static final String TOOL = "mstflint query";
  private static final String NA = "N/A";

  private FlintQueryParser() {}

  public static FlintQuery parse(String stdout) {
    Map<String, String> fields = new HashMap<>();
    for (String line : stdout.split("\n")) {
      if (line.isEmpty() || Character.isWhitespace(line.charAt(0))) {
        continue;
      }
      int colon = labelEnd(line);
      if (colon < 0) {
        continue;
      }
      fields.putIfAbsent(line.substring(0, colon).strip(), line.substring(colon + 1).strip());
    }
    String fw = fields.get("FW Version");
    String psid = fields.get("PSID");
    if (fw == null || psid == null || psid.isEmpty()) {
      throw new ToolOutputException(TOOL, "no 'FW Version:' or 'PSID:' line", stdout);
    }
    return new FlintQuery(
        version(fw, stdout),
        Optional.ofNullable(fields.get("FW Version(Running)")).map(v -> version(v, stdout)),
        psid,
        Optional.ofNullable(fields.get("Orig PSID")).filter(p -> !p.isEmpty() && !p.equals(NA)),
        fields.getOrDefault("Product Version", ""),
        fields.getOrDefault("Image type", ""));
  }

  /** The colon that ends the label: the first one followed by a space (or the end of the line). */
  private static int labelEnd(String line) {
    for (int i = 0; i < line.length(); i++) {
      if (line.charAt(i) == ':'
          && (i + 1 == line.length() || Character.isWhitespace(line.charAt(i + 1)))) {
        return i;
      }
    }
    return -1;
  }

  private static FirmwareVersion version(String text, String stdout) {
    try {
      return FirmwareVersion.parse(text);
    } catch (InvalidInputException e) {
      throw new ToolOutputException(TOOL, "unreadable firmware version '" + text + "'", stdout);
    }
  }
}
