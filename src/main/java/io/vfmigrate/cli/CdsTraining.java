package io.vfmigrate.cli;

import io.vfmigrate.host.ssh.SshTraining;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The training run of {@code bin/vfmigrate}'s class-data-sharing archive, run once after each build
 * with {@code -XX:DumpLoadedClassList} ({@code java -cp vfmigrate.jar
 * io.vfmigrate.cli.CdsTraining}): {@code lab demo} (the CLI, the workflows, the lab, the journal),
 * then one SSH login and exec against a server inside this process on loopback ({@link
 * SshTraining}: MINA's client, Bouncy Castle). What it prints is discarded; the exit status is
 * {@code lab demo}'s (a failed demo leaves no archive). A failed SSH step only leaves those classes
 * out of the archive, as before it existed.
 */
public final class CdsTraining {
  private CdsTraining() {}

  public static void main(String[] args) throws Exception {
    PrintStream quiet = new PrintStream(OutputStream.nullOutputStream(), true, "UTF-8");
    int code = Main.run(new String[] {"lab", "demo"}, quiet, quiet, System.getenv());
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
