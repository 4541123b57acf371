package io.vfmigrate.tools.virsh;

import io.vfmigrate.host.Command;
import io.vfmigrate.host.CommandResult;
import io.vfmigrate.host.Host;
import io.vfmigrate.host.RunningCommand;
import io.vfmigrate.model.DomainXml;
import io.vfmigrate.model.InvalidInputException;
import io.vfmigrate.model.Names;
import io.vfmigrate.model.PciAddress;
import io.vfmigrate.tools.ToolException;
import io.vfmigrate.tools.ToolNotInstalledException;
import io.vfmigrate.tools.ToolOutputException;
import io.vfmigrate.tools.ToolRunner;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The {@code virsh} adapter. Each method runs exactly one argv of docs/commands.md and parses the
 * answer as tool-formats.md §5 describes it. virsh prints an empty line after every command's
 * output; errors are {@code error: ...} lines on stderr with exit code 1, kept whole in the thrown
 * {@link ToolException}.
 */
public final class Virsh {
  /** The package that provides virsh (the client is pulled in with it). */
  public static final String PACKAGE = "libvirt";

  private static final Pattern DRIVER = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");
  private static final String CHECK_NAME = "check the VM name with 'virsh list --all'.";

  private final ToolRunner runner;

  public Virsh(Host host) {
    this.runner = new ToolRunner(host, PACKAGE);
  }

  /** {@code virsh version}. */
  public VirshVersion version() {
    return VirshVersion.parse(run("", "virsh", "version").stdout());
  }

  /** {@code virsh list --all --name}: every defined or running domain. */
  public List<String> listAllNames() {
    return VirshText.lines(run("", "virsh", "list", "--all", "--name").stdout());
  }

  /**
   * {@code virsh domstate VM}: {@code running}, {@code paused}, {@code shut off}, ...; empty when
   * there is no such domain ({@code error: failed to get domain 'VM'}).
   */
  public Optional<String> domstate(String vm) {
    CommandResult result = runner.runAllowingFailure("virsh", "domstate", Names.vmName(vm));
    if (!result.succeeded()) {
      if (domainMissing(result)) {
        return Optional.empty();
      }
      throw failure(result, "");
    }
    List<String> lines = VirshText.lines(result.stdout());
    if (lines.isEmpty()) {
      throw new ToolOutputException("virsh domstate", "no state", result);
    }
    return Optional.of(lines.get(0));
  }

  /** {@code virsh dumpxml VM}: the live definition of a running domain. */
  public DomainXml dumpxml(String vm) {
    return DomainXml.parse(
        VirshText.body(run(CHECK_NAME, "virsh", "dumpxml", Names.vmName(vm)).stdout()));
  }

  /**
   * {@code virsh dumpxml VM}, or empty when the domain is gone: a domain listed a moment ago may
   * have migrated away or been undefined since (another run on the same host).
   */
  public Optional<DomainXml> dumpxmlIfExists(String vm) {
    CommandResult result = runner.runAllowingFailure("virsh", "dumpxml", Names.vmName(vm));
    if (!result.succeeded()) {
      if (domainMissing(result)) {
        return Optional.empty();
      }
      throw failure(result, CHECK_NAME);
    }
    return Optional.of(DomainXml.parse(VirshText.body(result.stdout())));
  }

  /** {@code virsh dumpxml VM --inactive}: the persistent definition. */
  public DomainXml dumpxmlInactive(String vm) {
    return DomainXml.parse(
        VirshText.body(
            run(CHECK_NAME, "virsh", "dumpxml", Names.vmName(vm), "--inactive").stdout()));
  }

  /**
   * {@code virsh dumpxml VM --migratable}: the live definition without the parts libvirt adds for
   * this host only, the proper base for {@code migrate --xml}.
   */
  public DomainXml dumpxmlMigratable(String vm) {
    return DomainXml.parse(
        VirshText.body(
            run(CHECK_NAME, "virsh", "dumpxml", Names.vmName(vm), "--migratable").stdout()));
  }

  /**
   * {@code virsh nodedev-detach pci_0000_e1_00_1 --driver DRIVER} (the procedure uses pci-stub).
   */
  public void nodedevDetach(PciAddress vf, String driver) {
    if (driver == null || !DRIVER.matcher(driver).matches()) {
      throw new InvalidInputException(
          "Invalid driver name '" + driver + "'.", "use a driver such as pci-stub or vfio.");
    }
    run(
        "check the VF's address with 'lshw -c network -businfo'.",
        "virsh",
        "nodedev-detach",
        vf.nodedevName(),
        "--driver",
        driver);
  }

  /** {@code virsh nodedev-reattach pci_0000_e1_00_1}. */
  public void nodedevReattach(PciAddress vf) {
    run(
        "check the VF's address with 'lshw -c network -businfo'.",
        "virsh",
        "nodedev-reattach",
        vf.nodedevName());
  }

  /** {@code virsh attach-device VM FILE --live --config}. */
  public void attachDevice(String vm, String file) {
    CommandResult result =
        runner.runAllowingFailure(
            "virsh", "attach-device", Names.vmName(vm), Names.path(file), "--live", "--config");
    if (!result.succeeded()) {
      throw failure(result, attachFix(result.errorText()));
    }
  }

  /**
   * What to do about a refused {@code attach-device}, by libvirt's reason. "host doesn't support
   * passthrough of host PCI devices" (qemu_hostdev.c) means no usable IOMMU group or no {@code
   * /dev/vfio/vfio}: nothing about the MAC or the XML.
   */
  static String attachFix(String error) {
    if (error.contains("doesn't support passthrough of host PCI devices")
        || error.contains("doesn't support VFIO PCI passthrough")) {
      return "enable VFIO passthrough on the host: turn on VT-d/AMD-Vi in the firmware, boot with"
          + " intel_iommu=on iommu=pt (AMD: iommu=pt) on the kernel command line, load the"
          + " vfio-pci module (modprobe vfio-pci), then check that /sys/kernel/iommu_groups is"
          + " not empty and /dev/vfio/vfio exists";
    }
    if (error.contains("with mac") && error.contains("already exists")) {
      return "the MAC is already in use in this VM; choose another one (--mac auto).";
    }
    return "check the device XML and the VF ('virsh nodedev-dumpxml' of the VF).";
  }

  /** {@code virsh detach-device VM FILE --live --config}. */
  public void detachDevice(String vm, String file) {
    run(
        "check that the device XML matches a device of the domain ('virsh dumpxml " + vm + "').",
        "virsh",
        "detach-device",
        Names.vmName(vm),
        Names.path(file),
        "--live",
        "--config");
  }

  /**
   * Starts {@code virsh migrate --live --persistent --undefinesource --verbose [--xml F]
   * [--persistent-xml F] VM URI}; poll the handle, read {@link MigrationProgress} from its stderr,
   * and pass the final result to {@link #checkMigration}.
   */
  public RunningCommand startMigration(MigrateOptions options) {
    Command command = new Command(options.argv(), Optional.empty(), options.timeout());
    return runner.start(command);
  }

  /** Throws the typed error of a finished {@code virsh migrate} that did not succeed. */
  public CommandResult checkMigration(CommandResult result) {
    if (result.programMissing()) {
      throw new ToolNotInstalledException(runner.host().name(), result, PACKAGE);
    }
    if (!result.succeeded()) {
      throw failure(result, "the VM keeps running on the source; see the error above.");
    }
    return result;
  }

  /** {@code virsh domjobinfo VM}: the running job (type None when there is none). */
  public JobInfo domjobinfo(String vm) {
    return JobInfo.parse(run(CHECK_NAME, "virsh", "domjobinfo", Names.vmName(vm)).stdout());
  }

  /** {@code virsh domjobinfo VM --completed}: statistics of the last completed job. */
  public JobInfo domjobinfoCompleted(String vm) {
    return JobInfo.parse(
        run(CHECK_NAME, "virsh", "domjobinfo", Names.vmName(vm), "--completed").stdout());
  }

  /**
   * The statistics of the last completed job, exact and in one read: {@code virsh domjobinfo VM
   * --completed --keep-completed --rawstats} (it keeps them for a later {@code --completed}).
   */
  public CompletedJob completedJob(String vm) {
    return CompletedJob.parse(
        run(
                CHECK_NAME,
                "virsh",
                "domjobinfo",
                Names.vmName(vm),
                "--completed",
                "--keep-completed",
                "--rawstats")
            .stdout());
  }

  /**
   * {@code virsh domdirtyrate-calc VM --seconds N}: starts libvirt's measurement of the guest's
   * dirty rate; {@link #dirtyRate} reads it once the period has passed.
   */
  public void dirtyRateCalc(String vm, java.time.Duration period) {
    run(
        CHECK_NAME,
        "virsh",
        "domdirtyrate-calc",
        Names.vmName(vm),
        "--seconds",
        Long.toString(Math.max(1, period.toSeconds())));
  }

  /**
   * The measured dirty rate in bytes/s from {@code virsh domstats VM --dirtyrate} ({@code
   * dirtyrate.megabytes_per_second}, MiB/s, once {@code dirtyrate.calc_status} is 2); empty while
   * measuring or never measured.
   */
  public java.util.OptionalLong dirtyRate(String vm) {
    String out = run(CHECK_NAME, "virsh", "domstats", Names.vmName(vm), "--dirtyrate").stdout();
    Map<String, String> fields = new java.util.HashMap<>();
    for (String line : out.split("\n")) {
      int eq = line.indexOf('=');
      if (eq > 0) {
        fields.put(line.substring(0, eq).strip(), line.substring(eq + 1).strip());
      }
    }
    if (!"2".equals(fields.get("dirtyrate.calc_status"))
        || !fields.containsKey("dirtyrate.megabytes_per_second")) {
      return java.util.OptionalLong.empty();
    }
    try {
      return java.util.OptionalLong.of(
          Long.parseLong(fields.get("dirtyrate.megabytes_per_second")) << 20);
    } catch (NumberFormatException e) {
      throw new io.vfmigrate.tools.ToolOutputException(
          "virsh domstats --dirtyrate", "megabytes_per_second is not a number", out);
    }
  }

  /** QMP {@code query-migrate-capabilities}, as vfmigrate sends it. */
  public static final String QUERY_MIGRATE_CAPABILITIES =
      "{\"execute\":\"query-migrate-capabilities\"}";

  /** QMP {@code device-list-properties} of {@code vfio-pci}, as vfmigrate sends it. */
  public static final String VFIO_PCI_PROPERTIES =
      "{\"execute\":\"device-list-properties\",\"arguments\":{\"typename\":\"vfio-pci\"}}";

  /** QEMU's migration capabilities and their states, through the domain's monitor. */
  public MigrationCapabilities migrationCapabilities(String vm) {
    return MigrationCapabilities.parse(qemuMonitorCommand(vm, QUERY_MIGRATE_CAPABILITIES));
  }

  /** The property names of this QEMU's {@code vfio-pci} device (ObjectPropertyInfo names). */
  public List<String> vfioPciProperties(String vm) {
    String tool = "device-list-properties";
    com.fasterxml.jackson.databind.JsonNode list =
        QmpReply.returnValue(tool, qemuMonitorCommand(vm, VFIO_PCI_PROPERTIES));
    if (!list.isArray()) {
      throw new io.vfmigrate.tools.ToolOutputException(tool, "the reply is not a list", "");
    }
    List<String> names = new java.util.ArrayList<>();
    list.forEach(p -> names.add(p.path("name").asText("")));
    return names;
  }

  /** {@code virsh qemu-monitor-command VM JSON}: QEMU's raw reply, one line of JSON. */
  public String qemuMonitorCommand(String vm, String json) {
    return VirshText.body(
            run(CHECK_NAME, "virsh", "qemu-monitor-command", Names.vmName(vm), json).stdout())
        .strip();
  }

  /** QEMU's {@code query-migrate} through {@link #qemuMonitorCommand}. */
  public QueryMigrate queryMigrate(String vm) {
    return QueryMigrate.parse(
        qemuMonitorCommand(vm, QmpReply.toJson(Map.of("execute", "query-migrate"))));
  }

  /**
   * {@code virsh domjobabort VM}. Returns false when there was no job to abort ({@code error:
   * Requested operation is not valid: no job is active on the domain}).
   */
  public boolean domjobabort(String vm) {
    CommandResult result = runner.runAllowingFailure("virsh", "domjobabort", Names.vmName(vm));
    if (result.succeeded()) {
      return true;
    }
    if (result.errorText().contains("no job is active")) {
      return false;
    }
    throw failure(result, CHECK_NAME);
  }

  /** {@code virsh resume VM}: a paused domain runs again. */
  public void resume(String vm) {
    run(CHECK_NAME, "virsh", "resume", Names.vmName(vm));
  }

  /** {@code virsh destroy VM}: stops a domain's QEMU at once (the definition stays). */
  public void destroy(String vm) {
    run(CHECK_NAME, "virsh", "destroy", Names.vmName(vm));
  }

  /** {@code virsh undefine VM}: removes the persistent definition. */
  public void undefine(String vm) {
    run(CHECK_NAME, "virsh", "undefine", Names.vmName(vm));
  }

  /**
   * {@code virsh domjobinfo VM} says a job is running (type other than None, Completed, Failed or
   * Cancelled); false for a domain that does not exist or does not run.
   */
  public boolean jobActive(String vm) {
    return activeJob(vm).isPresent();
  }

  /**
   * The running job's statistics ({@code virsh domjobinfo VM}); empty when no job runs, or the
   * domain does not exist or does not run.
   */
  public Optional<JobInfo> activeJob(String vm) {
    CommandResult result = runner.runAllowingFailure("virsh", "domjobinfo", Names.vmName(vm));
    if (!result.succeeded()) {
      // A domain that does not run has no job: libvirt refuses to ask (seen on libvirt 9.0).
      if (domainMissing(result) || result.errorText().contains("domain is not running")) {
        return Optional.empty();
      }
      throw failure(result, CHECK_NAME);
    }
    JobInfo job = JobInfo.parse(result.stdout());
    return job.type().active() ? Optional.of(job) : Optional.empty();
  }

  /** {@code virsh migrate-setmaxdowntime VM MS}. */
  public void migrateSetMaxDowntime(String vm, long milliseconds) {
    if (milliseconds <= 0) {
      throw new InvalidInputException(
          "The maximum downtime must be positive.", "give it in milliseconds, e.g. 300.");
    }
    run(
        CHECK_NAME,
        "virsh",
        "migrate-setmaxdowntime",
        Names.vmName(vm),
        Long.toString(milliseconds));
  }

  /**
   * {@code virsh qemu-agent-command VM JSON}: the agent's raw reply. An absent or silent agent
   * throws {@link GuestAgentUnavailableException}.
   */
  public String qemuAgentCommand(String vm, String json) {
    CommandResult result =
        runner.runAllowingFailure("virsh", "qemu-agent-command", Names.vmName(vm), json);
    if (!result.succeeded()) {
      if (GuestAgentUnavailableException.matches(result.errorText())) {
        throw GuestAgentUnavailableException.of(runner.host().name(), vm, result);
      }
      throw failure(result, CHECK_NAME);
    }
    return VirshText.body(result.stdout()).strip();
  }

  public Host host() {
    return runner.host();
  }

  /**
   * {@code virsh domdirtyrate-calc VM --seconds N}: asks QEMU to measure how fast the guest dirties
   * its memory over N seconds (1-60; libvirt 7.3+); {@link #domstatsDirtyrate} reads the result.
   */
  public void domdirtyrateCalc(String vm, int seconds) {
    if (seconds < 1 || seconds > 60) {
      throw new InvalidInputException(
          "Invalid dirty-rate period " + seconds + " s.", "use 1 to 60 seconds.");
    }
    run(
        CHECK_NAME,
        "virsh",
        "domdirtyrate-calc",
        Names.vmName(vm),
        "--seconds",
        Integer.toString(seconds));
  }

  /** {@code virsh domstats VM --dirtyrate}: the last dirty-rate measurement. */
  public DirtyRate domstatsDirtyrate(String vm) {
    return DirtyRate.parse(
        run(CHECK_NAME, "virsh", "domstats", Names.vmName(vm), "--dirtyrate").stdout());
  }

  private CommandResult run(String fix, String... argv) {
    CommandResult result = runner.runAllowingFailure(argv);
    if (!result.succeeded()) {
      throw failure(result, fix);
    }
    return result;
  }

  private static boolean domainMissing(CommandResult result) {
    String text = result.errorText();
    return text.contains("failed to get domain") || text.contains("Domain not found");
  }

  private ToolException failure(CommandResult result, String fix) {
    String text = result.errorText();
    if (text.contains("failed to connect to the hypervisor")) {
      return new ToolException(
          ToolException.describeFailure(runner.host().name(), result),
          "start libvirt: " + LibvirtDaemon.ENABLE_EITHER,
          result);
    }
    return ToolException.failed(runner.host().name(), result, fix);
  }
}
