package io.vfmigrate.host.local;

import io.vfmigrate.host.Command;
import io.vfmigrate.host.CommandResult;
import io.vfmigrate.host.HostException;
import io.vfmigrate.host.RunningCommand;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** A process started by {@link LocalHost}, with its output collected on two reader threads. */
final class LocalProcess implements RunningCommand {
  private final Command command;
  private final Process process;
  private final long startNanos;
  private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
  private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();
  private final Thread stdoutReader;
  private final Thread stderrReader;
  private final CommandResult notFound;

  private LocalProcess(Command command, Process process, CommandResult notFound) {
    this.command = command;
    this.process = process;
    this.notFound = notFound;
    this.startNanos = System.nanoTime();
    if (process == null) {
      stdoutReader = null;
      stderrReader = null;
      return;
    }
    stdoutReader = pump(process.getInputStream(), stdout);
    stderrReader = pump(process.getErrorStream(), stderr);
  }

  static LocalProcess start(String hostName, Command command, Map<String, String> env) {
    ProcessBuilder builder = builder(command, env);
    try {
      Process process = builder.start();
      LocalProcess running = new LocalProcess(command, process, null);
      running.feedStdin();
      return running;
    } catch (IOException e) {
      if (String.valueOf(e.getMessage()).contains("error=2,")) {
        // As a shell reports a missing program, so that callers see one behaviour everywhere.
        return new LocalProcess(
            command,
            null,
            new CommandResult(
                command,
                CommandResult.NOT_FOUND,
                "",
                command.program() + ": command not found\n",
                Duration.ZERO));
      }
      throw new HostException(
          "Cannot run '" + command.display() + "' on " + hostName + ": " + e.getMessage(),
          "check that the program is installed and executable.",
          e);
    }
  }

  /** How {@code command} is started: its argv, the host's environment and then its own. */
  static ProcessBuilder builder(Command command, Map<String, String> env) {
    ProcessBuilder builder = new ProcessBuilder(new java.util.ArrayList<>(command.argv()));
    builder.environment().putAll(env);
    builder.environment().putAll(command.env());
    String path = builder.environment().get("PATH");
    if (path != null && !path.equals(System.getenv("PATH"))) {
      // Java looks a program up in its own PATH, not the child's; a host whose environment sets
      // PATH (e.g. the real-lab's stand-in for systemctl) means that one, as a shell would.
      builder.command().set(0, resolve(command.program(), path));
    }
    return builder;
  }

  /** The first executable {@code program} in {@code path}; the name itself if none or if a path. */
  static String resolve(String program, String path) {
    if (program.contains("/")) {
      return program;
    }
    for (String dir : path.split(":")) {
      if (!dir.isEmpty()) {
        Path candidate = Path.of(dir, program);
        if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
          return candidate.toString();
        }
      }
    }
    return program;
  }

  private void feedStdin() throws IOException {
    try (OutputStream in = process.getOutputStream()) {
      if (command.stdin().isPresent()) {
        in.write(command.stdin().get().getBytes(StandardCharsets.UTF_8));
      }
    }
  }

  private static Thread pump(InputStream from, ByteArrayOutputStream to) {
    Thread t =
        new Thread(
            () -> {
              byte[] buffer = new byte[8192];
              try (InputStream in = from) {
                int n;
                while ((n = in.read(buffer)) > 0) {
                  synchronized (to) {
                    to.write(buffer, 0, n);
                  }
                }
              } catch (IOException ignored) {
                // The process went away; what was read so far is the output.
              }
            },
            "vfmigrate-output");
    t.setDaemon(true);
    t.start();
    return t;
  }

  @Override
  public Command command() {
    return command;
  }

  @Override
  public Optional<CommandResult> poll() {
    if (notFound != null) {
      return Optional.of(notFound);
    }
    if (process.isAlive()) {
      return Optional.empty();
    }
    return Optional.of(result());
  }

  @Override
  public Optional<CommandResult> waitFor(Duration timeout) {
    if (notFound != null) {
      return Optional.of(notFound);
    }
    try {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        return Optional.empty();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      kill();
      throw new HostException("Interrupted while running '" + command.display() + "'.", "", e);
    }
    return Optional.of(result());
  }

  private CommandResult result() {
    try {
      stdoutReader.join(5000);
      stderrReader.join(5000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return new CommandResult(
        command, process.exitValue(), text(stdout), text(stderr), LocalHost.elapsed(startNanos));
  }

  private static String text(ByteArrayOutputStream buffer) {
    synchronized (buffer) {
      return buffer.toString(StandardCharsets.UTF_8);
    }
  }

  @Override
  public void kill() {
    if (process != null) {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
    }
  }

  @Override
  public String stderrSoFar() {
    return text(stderr);
  }
}
