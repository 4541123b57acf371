package io.vfmigrate.model;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Reads a small text file a user gave (an inventory, a lab description): only a regular file, and
 * only up to {@link #MAX_BYTES}, checked before reading, so that {@code /dev/zero}, a FIFO or a
 * huge file is refused instead of filling the memory or blocking forever.
 */
public final class InputFile {
  /** Far above any inventory or lab state (the built-in lab is 3 KiB; a busy state 100 KiB). */
  public static final long MAX_BYTES = 16L << 20;

  private InputFile() {}

  /**
   * The file's text (UTF-8).
   *
   * @param what what the file is, for messages: "inventory", "lab description"
   * @param fix how to give a right one
   * @throws InvalidInputException when it is missing, not a regular file, too big or not UTF-8
   * @throws IOException when reading it fails
   */
  public static String read(Path file, String what, String fix) throws IOException {
    String name = Names.printable(file.toString());
    if (!Files.exists(file)) {
      throw new InvalidInputException("The " + what + " " + name + " does not exist.", fix);
    }
    if (!Files.isRegularFile(file)) {
      throw new InvalidInputException(
          "The " + what + " " + name + " is not a regular file (a directory, device or pipe).",
          fix);
    }
    if (Files.size(file) > MAX_BYTES) {
      throw tooBig(what, name, fix);
    }
    byte[] bytes;
    try (InputStream in = Files.newInputStream(file)) {
      // The file may grow between the check and the read: never read more than the limit.
      bytes = in.readNBytes((int) MAX_BYTES + 1);
    } catch (NoSuchFileException e) {
      throw new InvalidInputException("The " + what + " " + name + " does not exist.", fix);
    }
    if (bytes.length > MAX_BYTES) {
      throw tooBig(what, name, fix);
    }
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      throw new InvalidInputException("The " + what + " " + name + " is not UTF-8 text.", fix);
    }
  }

  private static InvalidInputException tooBig(String what, String name, String fix) {
    return new InvalidInputException(
        "The " + what + " " + name + " is larger than " + (MAX_BYTES >> 20) + " MiB.", fix);
  }
}
