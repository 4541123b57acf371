package io.vfmigrate.lab;

import io.vfmigrate.host.Command;
import io.vfmigrate.host.CommandResult;
import io.vfmigrate.host.FileAccessException;
import io.vfmigrate.host.Host;
import io.vfmigrate.host.HostClock;
import io.vfmigrate.host.HostException;
import io.vfmigrate.host.Read;
import io.vfmigrate.host.ReadResult;
import io.vfmigrate.host.RunningCommand;
import io.vfmigrate.lab.machine.Faults;
import io.vfmigrate.lab.machine.HostFiles;
import io.vfmigrate.lab.machine.Packages;
import io.vfmigrate.lab.state.FaultSpec;
import io.vfmigrate.lab.state.HostSpec;
import io.vfmigrate.lab.tools.CommandFaults;
import io.vfmigrate.lab.tools.Emulators;
import io.vfmigrate.lab.tools.LabContext;
import io.vfmigrate.lab.tools.ToolEmulator;
import io.vfmigrate.lab.tools.ToolOutput;
import io.vfmigrate.lab.tools.Translations;
import io.vfmigrate.lab.tools.VirtualFilesystem;
import io.vfmigrate.model.VfmigrateException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * An emulated host. Each command is answered by the emulator of its tool, with the real tool's
 * output format; a tool whose package is not installed, or that the lab does not know, is "command
 * not found" (exit 127), as a shell would say. It never succeeds silently. A host with a {@code
 * locale} answers in its language unless the command sets another ({@code LC_ALL=C}).
 *
 * <p>Every method is one operation on the lab ({@link Lab#exclusive}): on the current state, under
 * the lab's lock, and saved before it returns when it changed anything; a batch of reads ({@link
 * #readAll}) is one operation too.
 */
public final class LabHost implements Host {
  private final Lab lab;
  private final String name;
  private int tempCounter;

  LabHost(Lab lab, String name) {
    this.lab = lab;
    this.name = name;
  }

  @Override
  public String name() {
    return name;
  }

  private HostSpec spec() {
    return lab.spec().hosts.get(name);
  }

  /** What an emulator sees of this host; take it inside an operation ({@link Lab#exclusive}). */
  public LabContext context() {
    return new LabContext(
        name,
        spec(),
        lab.spec(),
        lab.clock(),
        new CommandFaults() {
          @Override
          public Optional<FaultSpec> take(String line) {
            return takeFault(line);
          }

          @Override
          public void killClient() {
            lab.killThisClient();
          }
        });
  }

  @Override
  public CommandResult run(Command command) {
    return lab.exclusive(() -> timed(command, () -> answer(command)));
  }

  private ToolOutput answer(Command command) {
    Optional<FaultSpec> fault = takeFault(String.join(" ", command.argv()));
    if (fault.isPresent() && !fault.get().killClient) {
      FaultSpec f = fault.get();
      return ToolOutput.of(f.exitCode, f.stdout, f.stderr);
    }
    if (fault.isPresent() && !fault.get().after) {
      lab.killThisClient();
      return ToolOutput.error(KILLED, "");
    }
    ToolOutput output = emulate(command);
    if (fault.isPresent()) {
      lab.killThisClient();
    }
    return output;
  }

  private ToolOutput emulate(Command command) {
    String program = command.program();
    Optional<ToolEmulator> emulator = Emulators.forProgram(program);
    if (emulator.isEmpty() || !Packages.provides(spec(), program)) {
      return ToolOutput.error(
          CommandResult.NOT_FOUND, "bash: line 1: " + program + ": command not found\n");
    }
    ToolOutput output = emulator.get().run(context(), command.argv(), command.stdin());
    return Translations.translate(
        program, Translations.language(spec().locale, command.env()), output);
  }

  private Optional<FaultSpec> takeFault(String line) {
    return Faults.take(spec(), line);
  }

  /**
   * The whole batch is one operation, as on a real host it is one exec of a script: one lock, one
   * check for another process's changes, one save. Each read gives what it gives alone, in order; a
   * {@code kill_client} fault ends the batch at the read that hit it (the process dies once the
   * operation is saved), so no later read runs or consumes a fault. When the operation itself fails
   * (the lab cannot be locked, read or saved), every read fails with that error. An empty batch is
   * no operation.
   */
  @Override
  public List<ReadResult> readAll(List<Read> reads) {
    if (reads.isEmpty()) {
      return List.of();
    }
    try {
      return lab.exclusive(() -> performAll(reads));
    } catch (VfmigrateException e) {
      return reads.stream().map(r -> ReadResult.failed(r, e)).toList();
    }
  }

  private List<ReadResult> performAll(List<Read> reads) {
    List<ReadResult> results = new ArrayList<>(reads.size());
    for (Read read : reads) {
      results.add(
          lab.dying()
              ? ReadResult.failed(
                  read, new HostException(name + ": vfmigrate was killed before this read", ""))
              : ReadResult.perform(this, read));
    }
    return results;
  }

  @Override
  public RunningCommand start(Command command) {
    return lab.exclusive(() -> startNow(command));
  }

  private RunningCommand startNow(Command command) {
    Optional<ToolEmulator> emulator = Emulators.forProgram(command.program());
    if (emulator.isEmpty() || !Packages.provides(spec(), command.program())) {
      return RunningCommand.finished(run(command));
    }
    Optional<FaultSpec> fault = takeFault(String.join(" ", command.argv()));
    if (fault.isPresent() && !(fault.get().killClient && fault.get().after)) {
      return RunningCommand.finished(resultOf(command, faulted(fault.get())));
    }
    Optional<RunningCommand> process =
        emulator.get().start(context(), command, () -> timed(command, () -> emulate(command)));
    RunningCommand started =
        process.orElseGet(() -> RunningCommand.finished(timed(command, () -> emulate(command))));
    if (fault.isPresent()) {
      lab.killThisClient();
    }
    return started;
  }

  private CommandResult timed(Command command, Supplier<ToolOutput> answer) {
    Instant started = lab.clock().now();
    ToolOutput output = answer.get();
    return new CommandResult(
        command,
        output.exitCode(),
        output.stdout(),
        output.stderr(),
        Duration.between(started, lab.clock().now()));
  }

  private ToolOutput faulted(FaultSpec fault) {
    if (fault.killClient) {
      lab.killThisClient();
      return ToolOutput.error(KILLED, "");
    }
    return ToolOutput.of(fault.exitCode, fault.stdout, fault.stderr);
  }

  private CommandResult resultOf(Command command, ToolOutput output) {
    return new CommandResult(
        command, output.exitCode(), output.stdout(), output.stderr(), Duration.ZERO);
  }

  @Override
  public String readFile(String path) {
    return lab.exclusive(
        () -> {
          String temp = spec().files.get(path);
          if (temp != null) {
            return temp;
          }
          VirtualFilesystem fs = filesystemFor(path);
          return fs.read(context(), path);
        });
  }

  @Override
  public void writeFile(String path, String content) {
    lab.exclusive(
        () -> {
          Optional<FaultSpec> fault = takeFault(path);
          if (fault.isPresent() && !fault.get().killClient) {
            throw new FileAccessException(name, path, fault.get().stderr.strip());
          }
          if (fault.isPresent() && !fault.get().after) {
            lab.killThisClient();
            return;
          }
          if (spec().files.containsKey(path)) {
            HostFiles.write(spec(), path, content);
          } else {
            filesystemFor(path).write(context(), path, content);
          }
          if (fault.isPresent()) {
            lab.killThisClient();
          }
        });
  }

  @Override
  public List<String> listDirectory(String path) {
    return lab.exclusive(() -> list(path));
  }

  private List<String> list(String path) {
    if (!Emulators.filesystem().handles(path)) {
      // Plain files the lab keeps (temporary files, claims): a directory exists while it holds
      // one, directly or in a subdirectory, which it lists by name as a real directory would.
      String dir = path.endsWith("/") ? path : path + "/";
      List<String> names =
          spec().files.keySet().stream()
              .filter(f -> f.startsWith(dir) && f.length() > dir.length())
              .map(f -> f.substring(dir.length()))
              .map(rest -> rest.indexOf('/') < 0 ? rest : rest.substring(0, rest.indexOf('/')))
              .distinct()
              .sorted()
              .toList();
      if (names.isEmpty()) {
        throw new FileAccessException(name, path, "No such file or directory");
      }
      return new ArrayList<>(names);
    }
    return new ArrayList<>(filesystemFor(path).list(context(), path));
  }

  @Override
  public Optional<String> readLink(String path) {
    return lab.exclusive(
        () -> {
          VirtualFilesystem fs = Emulators.filesystem();
          return fs.handles(path) ? fs.readLink(context(), path) : Optional.<String>empty();
        });
  }

  @Override
  public boolean exists(String path) {
    return lab.exclusive(
        () -> {
          if (spec().files.containsKey(path)) {
            return true;
          }
          VirtualFilesystem fs = Emulators.filesystem();
          return fs.handles(path) && fs.exists(context(), path);
        });
  }

  @Override
  public String createTempFile(String prefix, String content) {
    return lab.exclusive(
        () -> {
          String path;
          do {
            tempCounter++;
            path = "/tmp/" + prefix + lab.spec().clockMs + "-" + tempCounter + ".xml";
          } while (spec().files.containsKey(path));
          HostFiles.write(spec(), path, content);
          return path;
        });
  }

  /** Atomic across processes: the check and the creation happen under the lab's lock. */
  @Override
  public boolean createExclusive(String path, String content) {
    return lab.exclusive(
        () -> {
          return HostFiles.createExclusive(spec(), path, content);
        });
  }

  @Override
  public void deleteFile(String path) {
    lab.exclusive(() -> HostFiles.delete(spec(), path));
  }

  @Override
  public HostClock clock() {
    return lab.clock();
  }

  private VirtualFilesystem filesystemFor(String path) {
    VirtualFilesystem fs = Emulators.filesystem();
    if (!fs.handles(path)) {
      throw new FileAccessException(name, path, "No such file or directory");
    }
    return fs;
  }

  /** What a killed process's command gives, had anyone lived to read it: 128 + SIGKILL. */
  private static final int KILLED = CommandFaults.KILLED;
}
