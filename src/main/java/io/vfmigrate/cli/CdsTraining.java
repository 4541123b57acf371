package io.vfmigrate.cli;

import io.vfmigrate.host.ssh.SshTraining;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The training run of {@code bin/vfmigrate}'s class-data-sharing archive, run once after each build
 * with {@code -XX:DumpLoadedClassList} ({@code java -cp vfmigrate.jar io.vfmigrate.cli.CdsTraining
 * [NATIVE_DIR]}): {@code lab demo} (the CLI, the workflows, the lab), then a {@code check} and a
 * refused {@code migrate} on two {@code local} hosts ({@link RealHostTraining}: the inventory, the
 * SQLite journal, local processes), then one SSH login and exec against a server inside this
 * process on loopback ({@link SshTraining}: MINA's client, Bouncy Castle). With {@code NATIVE_DIR}
 * it first unpacks sqlite-jdbc's native library there ({@link SqliteNativeLibrary}) and loads it
 * from there, as the runs that use the archive will. What it prints is discarded; the exit status
 * is {@code lab demo}'s (a failed demo leaves no archive). A failed later step only leaves its
 * classes out of the archive.
 */
public final class CdsTraining {
  private CdsTraining() {}

  public static void main(String[] args) throws Exception {
    PrintStream quiet = new PrintStream(OutputStream.nullOutputStream(), true, "UTF-8");
    if (args.length > 0) {
      Path nativeDir = Path.of(args[0]);
      if (SqliteNativeLibrary.unpackTo(nativeDir).isPresent()) {
        System.setProperty("org.sqlite.lib.path", nativeDir.toString());
      }
    }
    int code = Main.run(new String[] {"lab", "demo"}, quiet, quiet, System.getenv());
    String home = System.getenv("VFMIGRATE_HOME");
    if (code == 0 && home != null) {
      try {
        RealHostTraining.run(Path.of(home), quiet, System.getenv());
      } catch (Exception | LinkageError e) {
        // Only fewer classes in the archive.
      }
    }
    Path dir = Files.createTempDirectory("vfmigrate-cds-ssh-");
    try {
      SshTraining.connectOnce(dir);
    } catch (Exception | LinkageError e) {
      // Only fewer classes in the archive.
    } finally {
      try (var files = Files.list(dir)) {
        for (Path f : files.toList()) {
          Files.deleteIfExists(f);
        }
      }
      Files.deleteIfExists(dir);
    }
    System.exit(code);
  }
}
