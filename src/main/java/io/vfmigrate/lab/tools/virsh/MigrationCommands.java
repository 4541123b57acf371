package io.vfmigrate.lab.tools.virsh;

import io.vfmigrate.host.Command;
import io.vfmigrate.host.CommandResult;
import io.vfmigrate.host.RunningCommand;
import io.vfmigrate.lab.Lab;
import io.vfmigrate.lab.machine.Domains;
import io.vfmigrate.lab.machine.migration.MigrationChecks;
import io.vfmigrate.lab.machine.migration.MigrationDomains;
import io.vfmigrate.lab.machine.migration.MigrationFaults;
import io.vfmigrate.lab.machine.migration.MigrationHandle;
import io.vfmigrate.lab.machine.migration.MigrationJobInfo;
import io.vfmigrate.lab.machine.migration.MigrationModel;
import io.vfmigrate.lab.machine.migration.MigrationPlan;
import io.vfmigrate.lab.machine.migration.MigrationRun;
import io.vfmigrate.lab.machine.migration.MigrationTarget;
import io.vfmigrate.lab.machine.migration.MonitorJobWait;
import io.vfmigrate.lab.machine.migration.RunningMigrations;
import io.vfmigrate.lab.state.HostSpec;
import io.vfmigrate.lab.state.JobSpec;
import io.vfmigrate.lab.state.MigrationSpec;
import io.vfmigrate.lab.state.VmSpec;
import io.vfmigrate.lab.tools.LabContext;
import io.vfmigrate.lab.tools.ToolOutput;
import io.vfmigrate.lab.tools.virsh.MigrationJson.QDict;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The virsh subcommands of live migration in the lab: {@code migrate}, {@code domjobinfo}, {@code
 * domjobabort}, {@code qemu-monitor-command}, {@code migrate-setmaxdowntime} and {@code
 * migrate-getmaxdowntime}, for {@code virsh [-q] [-c URI] SUBCOMMAND ...}.
 *
 * <p>{@code virsh migrate} runs in the lab's virtual time ({@link MigrationModel} documents the
 * pre-copy model and its calibration): {@link #start} returns a process that advances whenever the
 * lab clock does, so a monitor that sleeps between polls of {@code domjobinfo} and {@code
 * query-migrate} sees it progress; {@link #run} drives it to its end at once. Refusals come before
 * any data moves, with libvirt's texts ({@link MigrationChecks}). On success the domain moves to
 * the destination host with its hostdev interfaces on the destination VFs named in the {@code
 * --xml} file (MACs unchanged); the source VFs return to mlx5_core; the completed job is kept in
 * the domain's {@code last_job}. {@code domjobabort} or a cut link leave the domain running on the
 * source (the link only stalls the job). Running migrations live in the lab's state ({@link
 * RunningMigrations}), so every vfmigrate process on the lab sees them; the process that started
 * one owns it, and one it leaves behind when it dies is settled as libvirt settles a migration
 * whose client disconnected ({@link MigrationRun#clientGone}).
 *
 * <p>Over 300 lines: six subcommands that share one invocation (global options, connection, domain
 * lookup) and the running migration's handle; splitting them per subcommand is left until the
 * concurrent fidelity work on them has landed.
 */
public final class MigrationCommands {
  private static final Set<String> SUBCOMMANDS =
      Set.of(
          "migrate",
          "domjobinfo",
          "domjobabort",
          "qemu-monitor-command",
          "migrate-setmaxdowntime",
          "migrate-getmaxdowntime");

  /**
   * libvirt's refusal once it waited 30 s for the job lock of a domain that a migration holds
   * (qemu_domainjob.c virDomainObjBeginJobInternal); the holder's API name follows.
   */
  public static final String JOB_LOCKED =
      "Timed out during operation: cannot acquire state change lock (held by monitor=";

  /** How long {@link #run} lets a migration go on before it kills virsh. */
  private static final Duration RUN_LIMIT = Duration.ofHours(6);

  private MigrationCommands() {}

  /** True for the virsh subcommands handled here. */
  public static boolean handles(String subcommand) {
    return SUBCOMMANDS.contains(subcommand);
  }

  /**
   * Runs the subcommand to completion. {@code argv} is virsh's whole argv ({@code virsh [-q] [-c
   * URI] SUBCOMMAND ...}; the leading {@code virsh} may be left out). A migration that has not
   * ended after six hours of virtual time is killed.
   */
  public static ToolOutput run(LabContext context, List<String> argv) {
    Invocation invocation;
    try {
      invocation = Invocation.parse(argv);
    } catch (VirshCommandLine.UsageException e) {
      return ToolOutput.error(1, e.getMessage() + "\n");
    }
    if (invocation.subcommand().equals("migrate")) {
      RunningCommand process = migrate(context, Command.of(argv), invocation);
      Optional<CommandResult> result = process.waitFor(RUN_LIMIT);
      if (result.isEmpty()) {
        process.kill();
        result = process.poll();
      }
      CommandResult r = result.orElseThrow();
      return ToolOutput.of(r.exitCode(), r.stdout(), r.stderr());
    }
    MigrationOutput out = new MigrationOutput(invocation.quiet());
    Optional<LabContext> connected = connect(context, invocation, out);
    if (connected.isEmpty()) {
      return out.finish();
    }
    try {
      switch (invocation.subcommand()) {
        case "domjobinfo" -> domjobinfo(connected.get(), invocation.args(), out);
        case "domjobabort" -> domjobabort(connected.get(), invocation.args(), out);
        case "qemu-monitor-command" -> monitorCommand(connected.get(), invocation.args(), out);
        case "migrate-setmaxdowntime" -> setMaxDowntime(connected.get(), invocation.args(), out);
        case "migrate-getmaxdowntime" -> getMaxDowntime(connected.get(), invocation.args(), out);
        default -> out.error("unknown command: '" + invocation.subcommand() + "'");
      }
    } catch (VirshCommandLine.UsageException e) {
      out.error(e.getMessage());
    }
    return out.finish();
  }

  /**
   * For {@code virsh migrate}: a process that advances with the lab's clock (a refused migration
   * comes back already ended); empty for other subcommands.
   */
  public static Optional<RunningCommand> start(LabContext context, Command command) {
    Invocation invocation;
    try {
      invocation = Invocation.parse(command.argv());
    } catch (VirshCommandLine.UsageException e) {
      return Optional.empty();
    }
    if (!invocation.subcommand().equals("migrate")) {
      return Optional.empty();
    }
    return Optional.of(migrate(context, command, invocation));
  }

  private static RunningCommand migrate(LabContext context, Command command, Invocation inv) {
    MigrationOutput out = new MigrationOutput(inv.quiet());
    MigrationRequest request;
    try {
      request = MigrationRequest.parse(inv.args());
    } catch (VirshCommandLine.UsageException e) {
      return refused(command, out.error(e.getMessage()));
    }
    Optional<LabContext> source = connect(context, inv, out);
    if (source.isEmpty()) {
      return refused(command, out);
    }
    LabContext from = source.get();
    Optional<VmSpec> vm = MigrationDomains.lookup(from.host(), request.vm());
    if (vm.isPresent()
        && RunningMigrations.outgoing(from.lab(), from.hostName(), vm.get().name).isPresent()) {
      // The running job holds the domain's job lock; libvirt gives up after 30 s.
      return refused(command, out.error(JOB_LOCKED + "remoteDispatchDomainMigrateBegin3Params)"));
    }
    MigrationChecks.Outcome outcome = MigrationChecks.check(from, request);
    if (outcome.plan().isEmpty()) {
      outcome.errors().forEach(out::error);
      return refused(command, out);
    }
    MigrationPlan plan = outcome.plan().get();
    Optional<String> refusal =
        MigrationFaults.prepareRefusal(
            from.host(), plan.vm(), plan.vfs().isEmpty() ? "" : plan.vfs().get(0).to().toString());
    if (refusal.isPresent()) {
      return refused(command, out.error(refusal.get()));
    }
    Lab lab = context.clock().lab();
    MigrationSpec migration = MigrationRun.start(plan, command, lab.self());
    return new MigrationHandle(lab, migration.id, command);
  }

  private static RunningCommand refused(Command command, MigrationOutput out) {
    ToolOutput output = out.finish();
    // A virsh migrate that ended before it began.
    return RunningCommand.finished(
        new CommandResult(
            command, output.exitCode(), output.stdout(), output.stderr(), Duration.ZERO));
  }

  /** virsh's connection: {@code -c URI}, else the local daemon. */
  private static Optional<LabContext> connect(
      LabContext context, Invocation invocation, MigrationOutput out) {
    MigrationTarget.Connection connection =
        MigrationTarget.connect(context, invocation.uri().orElse("qemu:///system"));
    if (connection.host().isEmpty()) {
      out.error("failed to connect to the hypervisor");
      out.error(connection.error());
    }
    return connection.host();
  }

  private static Optional<VmSpec> domain(LabContext context, String key, MigrationOutput out) {
    Optional<VmSpec> vm = MigrationDomains.lookup(context.host(), key);
    if (vm.isEmpty()) {
      out.error("failed to get domain '" + key + "'");
    }
    return vm;
  }

  private static final String NOT_RUNNING =
      "Requested operation is not valid: domain is not running";

  private static void domjobinfo(LabContext context, List<String> args, MigrationOutput out)
      throws VirshCommandLine.UsageException {
    VirshCommandLine line =
        VirshCommandLine.parse(
            "domjobinfo",
            args,
            List.of("domain"),
            Set.of("domain"),
            Set.of(),
            Set.of("completed", "keep-completed", "anystats", "rawstats"));
    if (line.flag("keep-completed") && !line.flag("completed")) {
      out.error("Option --completed is required by option --keep-completed");
      return;
    }
    Optional<VmSpec> found = domain(context, line.required("domain"), out);
    if (found.isEmpty()) {
      return;
    }
    VmSpec vm = found.get();
    HostSpec host = context.host();
    Optional<MigrationSpec> outgoing =
        RunningMigrations.outgoing(context.lab(), context.hostName(), vm.name);
    boolean incoming = isIncoming(context, vm);
    Optional<JobSpec> job;
    if (line.flag("completed")) {
      job = Optional.empty();
      JobSpec last = vm.lastJob;
      if (outgoing.isEmpty() && !incoming && last != null && !last.completedStatsRead) {
        job = Optional.of(last);
        if (!line.flag("keep-completed")) {
          Domains.dropCompletedStats(last);
        }
      }
    } else {
      if (incoming) {
        out.error(
            "Operation not supported: migration statistics are available only on the source"
                + " host");
        return;
      }
      if (!MigrationDomains.active(vm)) {
        out.error(NOT_RUNNING);
        return;
      }
      job = outgoing.map(m -> new MigrationRun(context.lab(), m).liveJob());
    }
    boolean errmsg = MigrationDomains.libvirtAtLeast(host, 9, 0);
    if (line.flag("rawstats")) {
      boolean vfio = MigrationDomains.libvirtAtLeast(host, 10, 6);
      out.print(
          job.map(j -> MigrationJobInfo.raw(j, vfio, errmsg)).orElse(MigrationJobInfo.rawNone()));
      return;
    }
    out.print(
        job.map(
                j ->
                    MigrationJobInfo.pretty(
                        j, line.flag("completed"), line.flag("anystats"), errmsg))
            .orElse(MigrationJobInfo.none()));
  }

  private static boolean isIncoming(LabContext context, VmSpec vm) {
    return RunningMigrations.incoming(context.lab(), context.hostName(), vm.name).isPresent();
  }

  private static void domjobabort(LabContext context, List<String> args, MigrationOutput out)
      throws VirshCommandLine.UsageException {
    VirshCommandLine line =
        VirshCommandLine.parse(
            "domjobabort", args, List.of("domain"), Set.of("domain"), Set.of(), Set.of("postcopy"));
    Optional<VmSpec> found = domain(context, line.required("domain"), out);
    if (found.isEmpty()) {
      return;
    }
    VmSpec vm = found.get();
    // src/qemu/qemu_driver.c qemuDomainAbortJobFlags
    if (!MigrationDomains.active(vm)) {
      out.error(NOT_RUNNING);
    } else if (isIncoming(context, vm)) {
      out.error(
          "Requested operation is not valid: cannot abort incoming migration; use"
              + " virDomainDestroy instead");
    } else {
      Optional<MigrationSpec> outgoing =
          RunningMigrations.outgoing(context.lab(), context.hostName(), vm.name);
      if (outgoing.isEmpty()) {
        out.error("Requested operation is not valid: no job is active on the domain");
      } else if (line.flag("postcopy")) {
        out.error(
            "Requested operation is not valid: current job is not outgoing migration in post-copy"
                + " mode");
      } else {
        Optional<String> refusal = MigrationFaults.abortRefusal(context.host(), vm.name);
        if (refusal.isPresent()) {
          out.error(refusal.get());
        } else {
          new MigrationRun(context.lab(), outgoing.get()).abort();
        }
      }
    }
  }

  private static void monitorCommand(LabContext context, List<String> args, MigrationOutput out)
      throws VirshCommandLine.UsageException {
    boolean pretty = false;
    Optional<String> domainKey = Optional.empty();
    StringBuilder cmd = new StringBuilder();
    for (String arg : args) {
      if (arg.equals("--pretty")) {
        pretty = true;
      } else if (arg.startsWith("--") && !arg.equals("--")) {
        throw new VirshCommandLine.UsageException(
            "command 'qemu-monitor-command' doesn't support option " + arg);
      } else if (domainKey.isEmpty()) {
        domainKey = Optional.of(arg);
      } else {
        cmd.append(cmd.length() == 0 ? "" : " ").append(arg);
      }
    }
    if (domainKey.isEmpty()) {
      throw new VirshCommandLine.UsageException(
          "command 'qemu-monitor-command' requires <domain> option");
    }
    if (cmd.length() == 0) {
      throw new VirshCommandLine.UsageException(
          "command 'qemu-monitor-command' requires <cmd> option");
    }
    // The source's lookup waits while libvirt ends a finished migration's job (captured).
    MigrationDomains.lookup(context.host(), domainKey.get())
        .filter(
            v ->
                MonitorJobWait.finishing(
                    RunningMigrations.outgoing(context.lab(), context.hostName(), v.name)))
        .ifPresent(
            v ->
                MonitorJobWait.await(
                    context,
                    () ->
                        MonitorJobWait.finishing(
                            RunningMigrations.outgoing(
                                context.lab(), context.hostName(), v.name))));
    Optional<VmSpec> found = domain(context, domainKey.get(), out);
    if (found.isEmpty()) {
      return;
    }
    VmSpec vm = found.get();
    if (isIncoming(context, vm)) {
      // The incoming job holds the domain until it ends; then QEMU says how it ended.
      if (!MonitorJobWait.await(context, () -> isIncoming(context, vm))) {
        out.error(JOB_LOCKED + "remoteDispatchDomainMigratePrepare3Params)");
        return;
      }
      if (!context.host().vms.contains(vm)) {
        // src/qemu/qemu_driver.c qemuDomainObjFromDomain
        out.error(
            "Domain not found: no domain with matching uuid '"
                + MigrationDomains.uuid(vm)
                + "' ("
                + vm.name
                + ")");
        return;
      }
    }
    if (!MigrationDomains.active(vm)) {
      out.error(NOT_RUNNING);
      return;
    }
    Optional<QDict> reply =
        MigrationQmp.reply(
            cmd.toString(),
            RunningMigrations.nextQmpId(vm),
            context.host(),
            vm,
            RunningMigrations.outgoing(context.lab(), context.hostName(), vm.name)
                .map(m -> new MigrationRun(context.lab(), m).model()),
            isIncoming(context, vm));
    if (reply.isEmpty()) {
      // src/util/virjson.c virJSONValueFromString; UNCONFIRMED: json-c's exact description.
      out.error("internal error: cannot parse json " + cmd + ": unexpected character");
      return;
    }
    if (pretty) {
      out.print(MigrationJson.pretty(reply.get()) + "\n\n");
    } else {
      out.print(MigrationJson.compact(reply.get()) + "\n");
    }
  }

  private static void setMaxDowntime(LabContext context, List<String> args, MigrationOutput out)
      throws VirshCommandLine.UsageException {
    VirshCommandLine line =
        VirshCommandLine.parse(
            "migrate-setmaxdowntime",
            args,
            List.of("domain", "downtime"),
            Set.of("domain", "downtime"),
            Set.of(),
            Set.of());
    long downtime;
    String text = line.required("downtime");
    try {
      downtime = Long.parseUnsignedLong(text.strip());
    } catch (NumberFormatException e) {
      out.error("Numeric value '" + text + "' for <downtime> option is malformed or out of range");
      return;
    }
    if (downtime < 1) {
      // tools/virsh-domain.c cmdMigrateSetMaxDowntime
      out.error("migrate: Invalid downtime");
      return;
    }
    Optional<VmSpec> found = domain(context, line.required("domain"), out);
    if (found.isEmpty()) {
      return;
    }
    VmSpec vm = found.get();
    if (!MigrationDomains.active(vm)) {
      out.error(NOT_RUNNING);
      return;
    }
    Domains.setMaxDowntime(vm, downtime);
    RunningMigrations.outgoing(context.lab(), context.hostName(), vm.name)
        .ifPresent(m -> new MigrationRun(context.lab(), m).model().setDowntimeLimitMs(downtime));
  }

  private static void getMaxDowntime(LabContext context, List<String> args, MigrationOutput out)
      throws VirshCommandLine.UsageException {
    VirshCommandLine line =
        VirshCommandLine.parse(
            "migrate-getmaxdowntime",
            args,
            List.of("domain"),
            Set.of("domain"),
            Set.of(),
            Set.of());
    Optional<VmSpec> found = domain(context, line.required("domain"), out);
    if (found.isEmpty()) {
      return;
    }
    VmSpec vm = found.get();
    if (!MigrationDomains.active(vm)) {
      out.error(NOT_RUNNING);
      return;
    }
    long limit =
        vm.maxDowntimeMs == null ? MigrationModel.DEFAULT_DOWNTIME_LIMIT_MS : vm.maxDowntimeMs;
    out.print(limit + "\n");
  }

  /** virsh's global options and the subcommand with its arguments. */
  public record Invocation(
      boolean quiet, Optional<String> uri, String subcommand, List<String> args) {
    public static Invocation parse(List<String> argv) throws VirshCommandLine.UsageException {
      int i = !argv.isEmpty() && argv.get(0).endsWith("virsh") ? 1 : 0;
      boolean quiet = false;
      Optional<String> uri = Optional.empty();
      while (i < argv.size() && argv.get(i).startsWith("-")) {
        String arg = argv.get(i);
        if (arg.equals("-q") || arg.equals("--quiet")) {
          quiet = true;
        } else if ((arg.equals("-c") || arg.equals("--connect")) && i + 1 < argv.size()) {
          uri = Optional.of(argv.get(++i));
        } else if (arg.startsWith("--connect=")) {
          uri = Optional.of(arg.substring("--connect=".length()));
        } else if (arg.equals("-c") || arg.equals("--connect")) {
          throw new VirshCommandLine.UsageException(
              "virsh: option requires an argument -- '" + arg + "'");
        } else {
          // glibc getopt's complaint
          throw new VirshCommandLine.UsageException(
              arg.startsWith("--")
                  ? "virsh: unrecognized option '" + arg + "'"
                  : "virsh: invalid option -- '" + arg.substring(1, 2) + "'");
        }
        i++;
      }
      if (i >= argv.size()) {
        throw new VirshCommandLine.UsageException(
            "error: the lab does not emulate virsh's interactive shell");
      }
      return new Invocation(quiet, uri, argv.get(i), List.copyOf(argv.subList(i + 1, argv.size())));
    }
  }
}
