package io.vfmigrate.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import org.sqlite.util.LibraryLoaderUtil;

/**
 * sqlite-jdbc's native library for this machine, unpacked once into a directory of its own so that
 * a process can load it from there ({@code -Dorg.sqlite.lib.path=DIR}) instead of unpacking it
 * again. Without that property sqlite-jdbc writes the library (1.1 MB) into the temporary directory
 * and compares it byte by byte with the jar's copy at every start: about a fifth of a {@code
 * migrate}'s own Java work on the real lab (JFR samples). {@code bin/vfmigrate} unpacks it right
 * after a build, beside the class-data-sharing archive.
 */
final class SqliteNativeLibrary {
  private SqliteNativeLibrary() {}

  /**
   * Writes the library sqlite-jdbc would unpack on this OS and architecture into {@code dir} under
   * the name it looks for there; empty when the jar has none for this machine (sqlite-jdbc then
   * fails the same way at its first use).
   */
  static Optional<Path> unpackTo(Path dir) throws IOException {
    String name = LibraryLoaderUtil.getNativeLibName();
    String resource = LibraryLoaderUtil.getNativeLibResourcePath() + "/" + name;
    try (InputStream in = SqliteNativeLibrary.class.getResourceAsStream(resource)) {
      if (in == null) {
        return Optional.empty();
      }
      Files.createDirectories(dir);
      Path tmp = Files.createTempFile(dir, name, ".part");
      try {
        Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
        // Renamed into place: a process starting meanwhile never loads half a library.
        return Optional.of(
            Files.move(
                tmp,
                dir.resolve(name),
                StandardCopyOption.ATOMIC_MOVE,
                StandardCopyOption.REPLACE_EXISTING));
      } finally {
        Files.deleteIfExists(tmp);
      }
    }
  }
}
