package io.vfmigrate.tools.devlink;

import java.util.Optional;

/**
 * What devlink wrote to stderr when it failed: the kernel's extack message ({@code Error: <msg>.},
 * iproute2 lib/libnetlink.c {@code print_ext_ack_msg}, a period appended when missing; mlx5's own
 * messages start with {@code mlx5_core: }) and the errno line ({@code kernel answers: <strerror>},
 * lib/mnl_utils.c; older versions say {@code devlink answers: }). Either may be absent: command
 * line errors such as {@code Unknown option "migratable"} have neither.
 */
public record DevlinkError(Optional<String> extack, Optional<String> kernelAnswer, String text) {
  private static final String ERROR = "Error: ";
  private static final String[] ANSWERS = {"kernel answers: ", "devlink answers: "};

  public static DevlinkError parse(String stderr) {
    Optional<String> extack = Optional.empty();
    Optional<String> answer = Optional.empty();
    for (String raw : stderr.split("\n")) {
      String line = raw.strip();
      if (line.startsWith(ERROR) && extack.isEmpty()) {
        String msg = line.substring(ERROR.length());
        extack = Optional.of(msg.endsWith(".") ? msg.substring(0, msg.length() - 1) : msg);
      }
      for (String prefix : ANSWERS) {
        if (line.startsWith(prefix) && answer.isEmpty()) {
          answer = Optional.of(line.substring(prefix.length()));
        }
      }
    }
    return new DevlinkError(extack, answer, stderr.strip());
  }

  /** True when the errno line or the message says so. */
  public boolean mentions(String words) {
    return text.contains(words);
  }
}
