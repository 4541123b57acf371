package io.vfmigrate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.util.LibraryLoaderUtil;

class SqliteNativeLibraryTest {
  @TempDir Path dir;

  @Test
  void unpacksTheJarsLibraryForThisMachineUnderTheNameSqliteJdbcLooksFor() throws Exception {
    Optional<Path> lib = SqliteNativeLibrary.unpackTo(dir.resolve("native"));

    assertThat(lib).contains(dir.resolve("native").resolve(LibraryLoaderUtil.getNativeLibName()));
    byte[] expected;
    try (InputStream in =
        SqliteNativeLibrary.class.getResourceAsStream(
            LibraryLoaderUtil.getNativeLibResourcePath()
                + "/"
                + LibraryLoaderUtil.getNativeLibName())) {
      expected = in.readAllBytes();
    }
    assertThat(Files.readAllBytes(lib.orElseThrow())).isEqualTo(expected);
    // Nothing half-written is left beside it.
    try (var files = Files.list(dir.resolve("native"))) {
      assertThat(files).containsExactly(lib.orElseThrow());
    }
  }

  @Test
  void unpackingAgainReplacesTheLibrary() throws Exception {
    Path first = SqliteNativeLibrary.unpackTo(dir).orElseThrow();
    Files.writeString(first, "stale");

    Path second = SqliteNativeLibrary.unpackTo(dir).orElseThrow();

    assertThat(second).isEqualTo(first);
    assertThat(Files.size(second)).isGreaterThan(100_000);
  }
}
